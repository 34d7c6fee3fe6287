"""Bulk-loads messages into one room of a stopped Parley SQLite database (benchmark setup only).

Rows are written the way the server writes them (version 7 GUIDs as upper-case text, Unix-millisecond
timestamps), so the server lists them like any other message, and its message-ID index grows at its end as it does
in use (random version 4 IDs would spread later inserts over its pages).
"""
import os
import sqlite3
import sys
import time
import uuid

database, room_id, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(database)
person_id, email = db.execute("select id, email from people order by created limit 1").fetchone()
start = int(time.time() * 1000) - count


def uuid7(millis):
    """A version 7 GUID (RFC 9562) of the given Unix milliseconds, as the server makes them."""
    value = (millis << 80) | (0x7 << 76) | (int.from_bytes(os.urandom(10), "big") & ((1 << 76) - 1))
    value = value & ~(0x3 << 62) | (0x2 << 62)
    return str(uuid.UUID(int=value)).upper()


batch = []
for i in range(count):
    batch.append((uuid7(start + i), room_id, person_id, email, f"message {i}", start + i))
    if len(batch) == 50000:
        db.executemany(
            "insert into messages (id, room_id, person_id, person_email, text, created, edit_count) values (?, ?, ?, ?, ?, ?, 0)",
            batch)
        batch.clear()
if batch:
    db.executemany(
        "insert into messages (id, room_id, person_id, person_email, text, created, edit_count) values (?, ?, ?, ?, ?, ?, 0)",
        batch)
db.commit()
db.close()
