// The official Webex JS SDK (@webex/webex-core 3.x with the resource plugins), unmodified, against a Parley
// server. The SDK finds the API through HYDRA_SERVICE_URL and its service catalog through U2C_SERVICE_URL, which
// must point at Parley too, or it would send the token to Cisco's catalog service.
const { test } = require('node:test');
const assert = require('node:assert/strict');

process.env.HYDRA_SERVICE_URL = process.env.PARLEY_URL.replace(/\/$/, '');
process.env.U2C_SERVICE_URL = process.env.PARLEY_URL.replace(/\/v1\/?$/, '/u2c/api/v1');
const WebexCore = require('@webex/webex-core').default;
require('@webex/plugin-rooms');
require('@webex/plugin-messages');
require('@webex/plugin-people');
require('@webex/plugin-memberships');
require('@webex/plugin-teams');
require('@webex/plugin-attachment-actions');

const webex = new WebexCore({
  credentials: { access_token: process.env.PARLEY_TOKEN },
  config: { logger: { level: 'error' } },
});
const unique = () => Math.random().toString(36).slice(2, 10);

test('people.get("me") returns the caller', async () => {
  const me = await webex.people.get('me');
  assert.equal(me.type, 'person');
  assert.ok(me.emails[0].includes('@'));
});

test('rooms: create, whole-object update, list pages with Link, remove', async () => {
  const room = await webex.rooms.create({ title: `js sdk ${unique()}` });
  const renamed = await webex.rooms.update({ ...room, title: `renamed ${unique()}` });
  assert.equal(renamed.id, room.id);
  assert.notEqual(renamed.title, room.title);
  await webex.rooms.create({ title: `js sdk ${unique()}` });

  let page = await webex.rooms.list({ max: 1 });
  let seen = page.items.length;
  while (page.hasNext()) {
    page = await page.next();
    seen += page.items.length;
  }
  assert.ok(seen >= 2);
  await webex.rooms.remove(room);
  await assert.rejects(webex.rooms.get(room.id));
});

test('messages: markdown with a mention, list newest first across pages, remove', async () => {
  const room = await webex.rooms.create({ title: `js sdk messages ${unique()}` });
  const me = await webex.people.get('me');
  const first = await webex.messages.create({ roomId: room.id, markdown: `<@personId:${me.id}|Me> **one**` });
  assert.deepEqual(first.mentionedPeople, [me.id]);
  assert.equal(first.text, 'Me one');
  const second = await webex.messages.create({ roomId: room.id, text: 'two' });

  const page1 = await webex.messages.list({ roomId: room.id, max: 1 });
  assert.equal(page1.items[0].id, second.id);
  assert.ok(page1.hasNext());
  const page2 = await page1.next();
  assert.equal(page2.items[0].id, first.id);

  await webex.messages.remove(second);
  const rest = await webex.messages.list({ roomId: room.id });
  assert.deepEqual(rest.items.map((m) => m.id), [first.id]);
  await webex.rooms.remove(room);
});

test('memberships: add by email, promote by whole-object update, list, remove', async () => {
  const room = await webex.rooms.create({ title: `js sdk members ${unique()}` });
  const membership = await webex.memberships.create({ roomId: room.id, personEmail: `js-${unique()}@example.com` });
  const promoted = await webex.memberships.update({ ...membership, isModerator: true });
  assert.equal(promoted.isModerator, true);
  const members = await webex.memberships.list({ roomId: room.id });
  assert.equal(members.items.length, 2);
  await webex.memberships.remove(promoted);
  assert.equal((await webex.memberships.list({ roomId: room.id })).items.length, 1);
  await webex.rooms.remove(room);
});

test('teams: create lists its General room', async () => {
  const team = await webex.teams.create({ name: `js sdk team ${unique()}` });
  const rooms = await webex.rooms.list({ teamId: team.id });
  assert.equal(rooms.items.length, 1);
  assert.equal(rooms.items[0].title, team.name);
});

test('cards: a card message and its submission through attachmentActions', async () => {
  const room = await webex.rooms.create({ title: `js sdk cards ${unique()}` });
  const card = {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: { type: 'AdaptiveCard', version: '1.3', body: [{ type: 'Input.Text', id: 'answer' }], actions: [{ type: 'Action.Submit', title: 'Go' }] },
  };
  const message = await webex.messages.create({ roomId: room.id, text: 'card fallback', attachments: [card] });
  assert.deepEqual(message.attachments, [card]);

  const action = await webex.attachmentActions.create({ type: 'submit', messageId: message.id, inputs: { answer: '42' } });
  assert.equal(action.messageId, message.id);
  assert.deepEqual(action.inputs, { answer: '42' });
  const fetched = await webex.attachmentActions.get(action.id);
  assert.equal(fetched.id, action.id);
  assert.deepEqual(fetched.inputs, { answer: '42' });
  await webex.rooms.remove(room);
});
