// The JS client against a running Porthouse: PORTHOUSE_URL (http://127.0.0.1:PORT),
// PORTHOUSE_TOKEN (alice, role primary), PORTHOUSE_BOB (bob) and PORTHOUSE_SHORT_TOKEN (alice, a
// few seconds to live) come from the Java test that starts the server (SockJsTest); run by hand
// the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, PorthouseError } from '../src/porthouse.js';

const url = `${process.env.PORTHOUSE_URL}/eventbus`;
const token = process.env.PORTHOUSE_TOKEN;
const bobToken = process.env.PORTHOUSE_BOB;
const shortToken = process.env.PORTHOUSE_SHORT_TOKEN;

function nextEvent(client, event) {
  return new Promise((resolve) => client.on(event, resolve));
}

test('two clients share a room: join, send, receive with one seq', async () => {
  const alice = await connect(url, { token });
  const guest = await connect(url);
  try {
    assert.equal(alice.welcome.client, 'alice');
    assert.equal(guest.welcome.client, null);
    assert.match(alice.welcome.address, /^porthouse\.out\./);
    await alice.create('js-room');
    const joined = await alice.join('js-room');
    assert.equal(joined.seq, 0);
    await guest.join('js-room');
    const got = nextEvent(alice, 'msg');
    const ack = await guest.send('js-room', { text: 'hi alice' });
    assert.equal(ack.op, 'ack');
    const msg = await got;
    assert.deepEqual(msg.data, { text: 'hi alice' });
    assert.equal(msg.seq, ack.seq);
    assert.equal(msg.room, 'js-room');
    assert.equal(msg.from, guest.welcome.socket);
    assert.equal(msg.epoch, joined.epoch);
  } finally {
    alice.close();
    guest.close();
  }
});

test('errors reject with the v1 code', async () => {
  const guest = await connect(url);
  try {
    await assert.rejects(guest.join('no-such-room'), (e) => e instanceof PorthouseError && e.code === 'not_found');
    await assert.rejects(guest.send('no-such-room', 1), (e) => e.code === 'not_found');
    await assert.rejects(guest.create('nope'), (e) => e.code === 'unauthorized');
  } finally {
    guest.close();
  }
});

function until(condition, ms = 10000) {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const poll = setInterval(() => {
      if (condition()) {
        clearInterval(poll);
        resolve();
      } else if (Date.now() - start > ms) {
        clearInterval(poll);
        reject(new Error('not true within ' + ms + ' ms'));
      }
    }, 20);
  });
}

test('a client whose connection drops reconnects and resumes where it was', async () => {
  const alice = await connect(url, { token });
  const bob = await connect(url, { token, vertxbus_reconnect_delay_min: 100, vertxbus_reconnect_delay_max: 200 });
  try {
    await alice.create('js-resume');
    await alice.join('js-resume');
    await bob.join('js-resume');
    const got = [];
    bob.on('msg', (m) => got.push(m.data));
    await alice.send('js-resume', 1);
    await until(() => got.length === 1);
    const resumed = nextEvent(bob, 'resumed');
    bob.eb.sockJSConn.close(); // the connection drops; the client reconnects by itself
    await alice.send('js-resume', 2);
    await alice.send('js-resume', 3);
    const r = await resumed;
    assert.equal(r.room, 'js-resume');
    assert.equal(r.recovered, true);
    await alice.send('js-resume', 4);
    await until(() => got.length === 4);
    assert.deepEqual(got, [1, 2, 3, 4]);
    const history = await bob.history('js-resume', 2);
    assert.deepEqual(history.messages.map((m) => m.data), [3, 4]);
  } finally {
    alice.close();
    bob.close();
  }
});

test('rooms, members, presence events, rules and history', async () => {
  const alice = await connect(url, { token });
  const bob = await connect(url, { token: bobToken });
  try {
    await alice.create('js-presence', { presence: true, history: true, historySize: 10 });
    await alice.join('js-presence');
    const joinedSeen = nextEvent(alice, 'presence');
    await bob.join('js-presence');
    const p = await joinedSeen;
    assert.deepEqual([p.room, p.event, p.client, p.socket], ['js-presence', 'join', 'bob', bob.socket]);
    const members = await alice.members('js-presence');
    assert.deepEqual(members.members.map((m) => m.client).sort(), ['alice', 'bob']);
    assert.equal(members.more, false);
    const listed = await bob.rooms();
    assert.ok(listed.rooms.some((r) => r.name === 'js-presence' && r.members === 2), JSON.stringify(listed));
    const rules = await bob.rules('js-presence');
    assert.equal(rules.rules.presence, true);
    const changed = nextEvent(bob, 'rules');
    await alice.rules('js-presence', { maxMembers: 5 });
    assert.equal((await changed).rules.maxMembers, 5);
    await assert.rejects(bob.rules('js-presence', { maxMembers: 50 }), (e) => e.code === 'forbidden');
    for (const n of [1, 2, 3]) {
      await alice.send('js-presence', n);
    }
    assert.deepEqual((await bob.history('js-presence', 0, 2)).messages.map((m) => m.data), [1, 2]);
    const left = nextEvent(alice, 'presence');
    await bob.leave('js-presence');
    assert.equal((await left).event, 'leave');
    assert.equal(bob.joined.has('js-presence'), false);
  } finally {
    alice.close();
    bob.close();
  }
});

test('a token about to expire is refreshed by the callback, and the socket stays in its rooms', async () => {
  let refreshed = 0;
  const alice = await connect(url, { token: shortToken, refresh: async () => { refreshed++; return token; } });
  const bob = await connect(url, { token: bobToken });
  try {
    const expired = [];
    alice.on('expired', (f) => expired.push(f));
    await alice.create('js-refresh');
    await alice.join('js-refresh');
    await bob.join('js-refresh');
    await until(() => refreshed === 1);
    const exp = JSON.parse(Buffer.from(shortToken.split('.')[1], 'base64url').toString()).exp;
    await until(() => Date.now() > exp * 1000 + 1500); // past the first token's exp, and the server's check of it
    const got = nextEvent(bob, 'msg');
    await alice.send('js-refresh', 'still here');
    const m = await got;
    assert.equal(m.client, 'alice');
    assert.deepEqual(expired, []);
  } finally {
    alice.close();
    bob.close();
  }
});

test('a connection that cannot open rejects with not_open; a closed client refuses ops', async () => {
  await assert.rejects(connect('http://127.0.0.1:1/eventbus', { transports: ['xhr-polling'] }),
    (e) => e instanceof PorthouseError && e.code === 'not_open');
  const guest = await connect(url);
  guest.close();
  await assert.rejects(guest.rooms(), (e) => e.code === 'not_open');
});
