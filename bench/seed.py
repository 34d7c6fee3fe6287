"""Bulk-loads messages into one room of a stopped Parley SQLite database (benchmark setup only).

Rows are written the way the server writes them (upper-case GUID text, Unix-millisecond timestamps),
so the server lists them like any other message.
"""
import sqlite3
import sys
import time
import uuid

database, room_id, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(database)
person_id, email = db.execute("select id, email from people order by created limit 1").fetchone()
start = int(time.time() * 1000) - count
batch = []
for i in range(count):
    batch.append((str(uuid.uuid4()).upper(), room_id, person_id, email, f"message {i}", start + i))
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
