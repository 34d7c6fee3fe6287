// node-sparky 4.6.0, unmodified, against a Parley server. The harness (scripts/test.sh) starts the server and
// sets PARLEY_URL (base URL ending in /v1/) and PARLEY_TOKEN (an administrator's token).
const { test } = require('node:test');
const assert = require('node:assert/strict');
const Sparky = require('node-sparky');

const apiUrl = process.env.PARLEY_URL;
const token = process.env.PARLEY_TOKEN;
// A small page size forces node-sparky to follow Link headers.
const spark = new Sparky({ token, apiUrl, maxPageItems: 2 });
const unique = () => Math.random().toString(36).slice(2, 10);

test('personMe returns the caller', async () => {
  const me = await spark.personMe();
  assert.equal(me.type, 'person');
  assert.match(me.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test('rooms: create, get, rename by whole-object update, list across pages, delete', async () => {
  const created = [];
  for (let i = 0; i < 5; i += 1) {
    created.push(await spark.roomAdd(`sparky room ${i} ${unique()}`));
  }
  const room = await spark.roomGet(created[0].id);
  assert.equal(room.id, created[0].id);
  assert.equal(room.type, 'group');

  room.title = `renamed ${unique()}`;
  const updated = await spark.roomUpdate(room);
  assert.equal(updated.title, room.title);

  const rooms = await spark.roomsGet(100);
  for (const r of created) {
    assert.ok(rooms.some((x) => x.id === r.id), `room ${r.title} listed`);
  }
  for (const r of created) {
    await spark.roomRemove(r.id);
  }
  await assert.rejects(spark.roomGet(created[0].id));
});

test('memberships: add by email, list, moderator update, remove', async () => {
  const room = await spark.roomAdd(`members ${unique()}`);
  const email = `sparky-${unique()}@example.com`;
  const membership = await spark.membershipAdd(room.id, email);
  assert.equal(membership.personEmail, email);
  assert.equal(membership.roomId, room.id);

  const members = await spark.membershipsGet({ roomId: room.id });
  assert.equal(members.length, 2);

  membership.isModerator = true;
  const promoted = await spark.membershipUpdate(membership);
  assert.equal(promoted.isModerator, true);

  await spark.membershipRemove(membership.id);
  assert.equal((await spark.membershipsGet({ roomId: room.id })).length, 1);
  await spark.roomRemove(room.id);
});

test('messages: markdown send, list newest first across pages, get, remove', async () => {
  const room = await spark.roomAdd(`messages ${unique()}`);
  const sent = [];
  for (let i = 0; i < 5; i += 1) {
    sent.push(await spark.messageSend({ roomId: room.id, markdown: `hello **${i}**` }));
  }
  assert.equal(sent[0].html, '<p>hello <strong>0</strong></p>');
  assert.equal(sent[0].text, 'hello 0');

  const messages = await spark.messagesGet({ roomId: room.id }, 10);
  assert.deepEqual(messages.map((m) => m.id), sent.map((m) => m.id).reverse());

  const one = await spark.messageGet(sent[2].id);
  assert.equal(one.markdown, 'hello **2**');
  await spark.messageRemove(sent[2].id);
  await assert.rejects(spark.messageGet(sent[2].id));
  await spark.roomRemove(room.id);
});

test('teams: create with its General room, list team memberships', async () => {
  const team = await spark.teamAdd(`team ${unique()}`);
  const rooms = await spark.roomsGet({ teamId: team.id });
  assert.equal(rooms.length, 1);
  assert.equal(rooms[0].title, team.name);
  const members = await spark.teamMembershipsGet(team.id);
  assert.equal(members.length, 1);
  assert.equal(members[0].isModerator, true);
  await spark.teamRemove(team.id);
});

test('people: find by email', async () => {
  const me = await spark.personMe();
  const found = await spark.peopleGet({ email: me.emails[0] });
  assert.equal(found.length, 1);
  assert.equal(found[0].id, me.id);
});

test('files: upload with messageSend, download with contentGet, and a file by URL', async () => {
  const http = require('node:http');
  const room = await spark.roomAdd(`files ${unique()}`);
  const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256));
  const path = require('node:path').join(require('node:os').tmpdir(), `bytes-${unique()}.bin`);
  require('node:fs').writeFileSync(path, binary);
  // node-sparky's documented way: a File object from a local path, then messageSend with it.
  const local = await spark.contentCreate(path);
  const uploaded = await spark.messageSend({ roomId: room.id, text: 'upload' }, local);
  assert.equal(uploaded.files.length, 1);
  const file = await spark.contentGet(uploaded.files[0]);
  assert.equal(file.name, local.name);
  assert.equal(file.type, 'application/octet-stream');
  assert.deepEqual(file.binary, binary);

  // The server fetches a URL it is given (loopback is allowed on this test server, as Webex SDK suites expect).
  const host = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('served by node');
  });
  await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
  try {
    const byUrl = await spark.messageSend({ roomId: room.id, files: [`http://127.0.0.1:${host.address().port}/notes.txt`] });
    const fetched = await spark.contentGet(byUrl.files[0]);
    assert.equal(fetched.name, 'notes.txt');
    assert.equal(fetched.binary.toString(), 'served by node');
  } finally {
    host.close();
  }
  await spark.roomRemove(room.id);
});
