// The JS helper against a running Porthouse: PORTHOUSE_URL (http://127.0.0.1:PORT) and
// PORTHOUSE_TOKEN (role primary) come from the Java test that starts the server
// (JsHelperTest); run by hand the same way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, PorthouseError } from '../porthouse.js';

const url = `${process.env.PORTHOUSE_URL}/eventbus`;
const token = process.env.PORTHOUSE_TOKEN;

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
