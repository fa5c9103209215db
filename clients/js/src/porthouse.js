// Porthouse from JavaScript (browser bundlers or Node): protocol v1 over the Vert.x SockJS
// event-bus bridge at /eventbus, with the standard client @vertx/eventbus-bridge-client.js.
// A plain ES module, no build step.
//
//   import { connect } from './porthouse.js';
//   const ph = await connect('http://127.0.0.1:8080/eventbus', { token });
//   ph.on('msg', m => console.log(m.room, m.seq, m.data));
//   await ph.join('lobby');
//   await ph.send('lobby', { text: 'hi' });   // resolves with the ack: { op: 'ack', seq }
//
// Every op resolves with its v1 reply frame, or rejects with a PorthouseError carrying the v1
// error code ('not_found', 'forbidden', ...). Events: 'msg', 'reset', 'presence', 'event'
// (companion sockets), 'error' (errors the server pushes without a request, and bridge errors
// such as a refused register), 'close', and 'resumed'.
//
// Resume: when the connection drops, the client reconnects (as the bridge client does with
// reconnect on) and joins its rooms again with the last seq and epoch it saw, so the server
// sends what was missed, then live messages. 'resumed' says, per room, { room, recovered }:
// recovered false means history no longer held all of it (reload from your own source).
import EventBus from '@vertx/eventbus-bridge-client.js';

/** The one address the bridge takes sends on. */
export const INBOUND = 'porthouse.in';

/** Answers after which a send is retried with the same id: not done, or not known to be done. */
const RETRYABLE = new Set(['outcome_unknown', 'unavailable', 'internal', 'not_open']);

/** A message id unique for this client: random, so a reloaded page never repeats one. */
function newMessageId() {
  const c = globalThis.crypto;
  return c && c.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** A v1 error frame as a rejection. */
export class PorthouseError extends Error {
  constructor(frame) {
    super(frame.message || frame.code || 'error');
    this.code = frame.code;
    this.frame = frame;
  }
}

class Porthouse {
  constructor(eb, headers) {
    this.eb = eb;
    this.headers = headers;
    this.listeners = new Map();
    this.welcome = null;
    this.rooms = new Map(); // room -> { seq, epoch }: where to resume from
  }

  /** Sends one v1 op; resolves with its reply frame, rejects with a PorthouseError. */
  request(op) {
    return new Promise((resolve, reject) => {
      try {
        this.eb.send(INBOUND, op, this.headers, (err, reply) => {
          if (err) {
            reject(new PorthouseError({ code: 'internal', message: err.message || String(err.failureType) }));
          } else if (reply.body && reply.body.op === 'error') {
            reject(new PorthouseError(reply.body));
          } else {
            resolve(reply.body);
          }
        });
      } catch (e) {
        reject(e); // not open
      }
    });
  }

  join(room, options = {}) {
    return this.request({ op: 'join', room, ...options }).then((joined) => {
      const known = this.rooms.get(room);
      this.rooms.set(room, { seq: Math.max(joined.seq, known && known.epoch === joined.epoch ? known.seq : 0), epoch: joined.epoch });
      return joined;
    });
  }

  leave(room) {
    return this.request({ op: 'leave', room }).then((left) => {
      this.rooms.delete(room);
      return left;
    });
  }

  history(room, since = 0, limit) {
    return this.request(limit ? { op: 'history', room, since, limit } : { op: 'history', room, since });
  }

  members(room, after) {
    return this.request(after ? { op: 'members', room, after } : { op: 'members', room });
  }

  create(room, rules) {
    return this.request(rules ? { op: 'create', room, rules } : { op: 'create', room });
  }

  /**
   * Sends {@code data} (any JSON value) to {@code room}; {@code to}: socket ids, optional. The
   * message gets an {@code id} (yours, or a fresh one) and is retried with that same id when the
   * answer is 'outcome_unknown', 'unavailable' or does not come (up to {@code attempts} times,
   * backing off): the server sequences it once, and a retry of a message already sequenced is
   * answered with its first seq (docs/protocol.md, "Retrying a send").
   */
  async send(room, data, { to, id = newMessageId(), attempts = 6 } = {}) {
    const op = to ? { op: 'send', room, data, to, id } : { op: 'send', room, data, id };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request(op);
      } catch (e) {
        if (attempt >= attempts || !RETRYABLE.has(e.code || 'not_open')) {
          throw e;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** attempt)));
      }
    }
  }

  rooms(after) {
    return this.request(after ? { op: 'rooms', after } : { op: 'rooms' });
  }

  /** Listens for 'msg', 'reset', 'event', 'error' or 'close'. */
  on(event, fn) {
    if (!this.listeners.has(event)) {
      this.listeners.set(event, []);
    }
    this.listeners.get(event).push(fn);
    return this;
  }

  emit(event, value) {
    for (const fn of this.listeners.get(event) || []) {
      fn(value);
    }
  }

  close() {
    this.eb.close();
  }

  /** Says hello (the push address is new on each connection) and listens there. */
  hello() {
    return this.request({ op: 'hello' }).then((welcome) => {
      this.welcome = welcome;
      this.eb.registerHandler(welcome.address, (err, message) => {
        if (err) {
          this.emit('error', err);
          return;
        }
        const frame = message.body;
        if (frame.op === 'msg' || frame.op === 'reset') {
          this.rooms.set(frame.room, { seq: frame.seq, epoch: frame.epoch });
        }
        const known = ['msg', 'reset', 'event', 'presence'];
        this.emit(known.includes(frame.op) ? frame.op : 'error', frame);
      });
      return welcome;
    });
  }

  /** After a reconnect: hello again, then every room joined again from where it was left. */
  resume() {
    return this.hello().then(() => Promise.all([...this.rooms.entries()].map(([room, at]) =>
      this.request({ op: 'join', room, since: at.seq, epoch: at.epoch }).then((joined) => {
        if (!joined.recovered) {
          this.rooms.set(room, { seq: joined.seq, epoch: joined.epoch });
        }
        this.emit('resumed', { room, recovered: joined.recovered === true });
      }, (error) => this.emit('error', error)))));
  }
}

/**
 * Connects to the bridge at {@code url} (e.g. http://127.0.0.1:8080/eventbus); with
 * {@code token}, every op carries it as an Authorization header (the server authenticates the
 * socket with it once). Resolves once the socket said hello and listens on its push address.
 */
export function connect(url, { token, reconnect = true, ...options } = {}) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  return new Promise((resolve, reject) => {
    const eb = new EventBus(url, options);
    const client = new Porthouse(eb, headers);
    let opened = false;
    eb.onerror = (err) => client.emit('error', err);
    eb.onclose = (e) => {
      client.emit('close', e);
      if (!opened) {
        reject(new Error('connection closed before it opened'));
      }
    };
    eb.onreconnect = () => client.resume().catch((e) => client.emit('error', e));
    eb.onopen = () => {
      if (opened) {
        return; // a reconnect: onreconnect resumes
      }
      client.hello().then((welcome) => {
        opened = true;
        eb.enableReconnect(reconnect);
        resolve(client);
      }, reject);
    };
  });
}
