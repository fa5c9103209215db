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
