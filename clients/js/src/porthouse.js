// Porthouse from JavaScript, in the browser and in Node 18+: protocol v1 over the Vert.x SockJS
// event-bus bridge at /eventbus (SockJS picks WebSocket, or a streaming or polling transport where
// WebSocket does not get through).
//
//   import { connect } from 'porthouse-client';              // Node, or a bundler
//   import { connect } from '/js/porthouse.js';               // a page: the built file the server serves
//   const ph = await connect('http://127.0.0.1:8080/eventbus', { token });
//   ph.on('msg', (m) => console.log(m.room, m.seq, m.data));
//   await ph.join('lobby');
//   await ph.send('lobby', { text: 'hi' });   // resolves with the ack: { op: 'ack', seq }
//
// Every op resolves with its v1 reply frame, or rejects with a PorthouseError whose `code` is the
// protocol's ('not_found', 'forbidden', 'outcome_unknown', ...). Events: the frames the server
// pushes, by their op ('msg', 'reset', 'presence', 'rules', 'closed', 'moved' and the 'joined' of
// the room it was moved into, 'event', 'expired'), 'error' (errors the server pushes without a request, bridge errors, a failed
// refresh), 'close' (each time the connection drops), 'reconnected' and 'resumed'.
//
// Reconnect and resume: when the connection drops, the client reconnects with exponential backoff
// and jitter, says hello again and joins each of its rooms again with the last seq and epoch it
// saw, so the server sends what was missed, then live messages. 'resumed' says, per room,
// { room, recovered }: recovered false means history no longer held all of it.
import EventBus from '@vertx/eventbus-bridge-client.js';

/** The one address the bridge takes sends on. */
export const INBOUND = 'porthouse.in';

/** The frames the server pushes without a request, emitted as events of their op's name. */
const PUSHED = new Set(['msg', 'reset', 'presence', 'rules', 'closed', 'moved', 'joined', 'event', 'expired', 'close']);

/** Answers after which a send is retried with the same id: not done, or not known to be done. */
const RETRYABLE = new Set(['outcome_unknown', 'unavailable', 'internal', 'not_open']);

/** A message id unique for this client: random, so a reloaded page never repeats one. */
function newMessageId() {
  const c = globalThis.crypto;
  return c && c.randomUUID ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** The `exp` (seconds) of a JWT, read without verifying it (the server verifies); null when it has none. */
export function tokenExpiry(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = typeof atob === 'function' ? atob(part) : Buffer.from(part, 'base64').toString('binary');
    const exp = JSON.parse(json).exp;
    return typeof exp === 'number' ? exp : null;
  } catch (e) {
    return null;
  }
}

/** A v1 error frame (or a failure of the connection, with a code of the same kind) as a value to reject with. */
export class PorthouseError extends Error {
  constructor(frame) {
    super(frame.message || frame.code || 'error');
    this.name = 'PorthouseError';
    this.code = frame.code;
    this.frame = frame;
  }
}

/** One connection to Porthouse: its ops, its rooms, its events. Made by {@link connect}. */
export class Porthouse {
  constructor(eb, { token, refresh, timeoutMs = 10000 } = {}) {
    this.eb = eb;
    this.token = token || null;
    this.refreshToken = refresh || null;
    this.timeoutMs = timeoutMs;
    this.listeners = new Map();
    this.welcome = null;
    this.joined = new Map(); // room -> { seq, epoch }: where to resume from
    this.pending = new Set(); // requests waiting for their answer on this connection
    this.refreshTimer = null;
    this.closed = false;
  }

  /** The id of this socket on the server ("node.n"), from its welcome. */
  get socket() {
    return this.welcome && this.welcome.socket;
  }

  /** Sends one v1 op; resolves with its reply frame, rejects with a PorthouseError. */
  request(op) {
    return new Promise((resolve, reject) => {
      const headers = this.token ? { Authorization: `Bearer ${this.token}` } : {};
      const pending = { reject, timer: null };
      const done = (fn, value) => {
        clearTimeout(pending.timer);
        this.pending.delete(pending);
        fn(value);
      };
      // a bridge that refuses a send never answers it: after timeoutMs the outcome is unknown
      pending.timer = setTimeout(() => done(reject, new PorthouseError({ code: 'outcome_unknown',
        message: `no answer to '${op.op}' within ${this.timeoutMs} ms` })), this.timeoutMs);
      this.pending.add(pending);
      try {
        this.eb.send(INBOUND, op, headers, (err, reply) => {
          if (err) {
            done(reject, new PorthouseError({ code: 'internal', message: err.message || String(err.failureType) }));
          } else if (reply.body && reply.body.op === 'error') {
            done(reject, new PorthouseError(reply.body));
          } else {
            done(resolve, reply.body);
          }
        });
      } catch (e) {
        done(reject, new PorthouseError({ code: 'not_open', message: 'not connected' }));
      }
    });
  }

  /** Joins {@code room}; {@code options}: a resume ({@code since}, {@code epoch}), a room password ({@code key}). */
  join(room, options = {}) {
    return this.request({ op: 'join', room, ...options }).then((joined) => {
      const known = this.joined.get(room);
      this.joined.set(room, { seq: Math.max(joined.seq, known && known.epoch === joined.epoch ? known.seq : 0), epoch: joined.epoch });
      return joined;
    });
  }

  leave(room) {
    return this.request({ op: 'leave', room }).then((left) => {
      this.joined.delete(room);
      return left;
    });
  }

  /** Messages of {@code room} after {@code since}, oldest first (at most {@code limit}). */
  history(room, since = 0, limit) {
    return this.request(limit ? { op: 'history', room, since, limit } : { op: 'history', room, since });
  }

  /** The room's members (rule presence), a page at a time: pass the last socket seen as {@code after}. */
  members(room, after) {
    return this.request(after ? { op: 'members', room, after } : { op: 'members', room });
  }

  /** The rules in force in {@code room}; with {@code changes}, changes them (its creator, or role owner). */
  rules(room, changes) {
    return this.request(changes ? { op: 'rules', room, rules: changes } : { op: 'rules', room });
  }

  create(room, rules) {
    return this.request(rules ? { op: 'create', room, rules } : { op: 'create', room });
  }

  /** Rooms on the server, a page at a time: pass the last name seen as {@code after}. */
  rooms(after) {
    return this.request(after ? { op: 'rooms', after } : { op: 'rooms' });
  }

  /** Authenticates this socket with {@code token} (later ops carry it too). */
  auth(token) {
    const previous = this.token;
    this.token = token;
    return this.request({ op: 'auth', token }).then((authed) => {
      this.scheduleRefresh();
      return authed;
    }, (e) => {
      this.token = previous;
      throw e;
    });
  }

  /**
   * Sends {@code data} (any JSON value) to {@code room}; {@code to}: socket ids, optional. The
   * message gets an {@code id} (yours, or a fresh one) and is retried with that same id when the
   * answer is 'outcome_unknown', 'unavailable' or does not come (up to {@code attempts} times,
   * backing off with jitter): the server sequences it once, and a retry of a message already
   * sequenced is answered with its first seq (docs/protocol.md, "Retrying a send").
   */
  async send(room, data, { to, id = newMessageId(), attempts = 6 } = {}) {
    const op = to ? { op: 'send', room, data, to, id } : { op: 'send', room, data, id };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.request(op);
      } catch (e) {
        if (attempt >= attempts || !RETRYABLE.has(e.code) || this.closed) {
          throw e;
        }
        const wait = Math.min(5000, 100 * 2 ** attempt);
        await new Promise((resolve) => setTimeout(resolve, wait / 2 + Math.random() * wait / 2));
      }
    }
  }

  /** Listens for an event (see the file's head); returns a function that stops listening. */
  on(event, fn) {
    if (!this.listeners.has(event)) {
      this.listeners.set(event, []);
    }
    this.listeners.get(event).push(fn);
    return () => this.off(event, fn);
  }

  off(event, fn) {
    const list = this.listeners.get(event);
    if (list && list.includes(fn)) {
      list.splice(list.indexOf(fn), 1);
    }
  }

  emit(event, value) {
    for (const fn of [...(this.listeners.get(event) || [])]) {
      fn(value);
    }
  }

  /** Closes the connection for good: no reconnect; requests waiting are refused with 'not_open'. */
  close() {
    this.closed = true;
    clearTimeout(this.refreshTimer);
    this.eb.enableReconnect(false);
    this.failPending('closed');
    this.eb.close();
  }

  /** The connection dropped: the answers of requests in flight will not come on the next one. */
  failPending(why) {
    for (const p of [...this.pending]) {
      clearTimeout(p.timer);
      p.reject(new PorthouseError({ code: 'outcome_unknown', message: `connection ${why} before the answer came` }));
    }
    this.pending.clear();
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
        this.pushed(message.body);
      });
      this.scheduleRefresh();
      return welcome;
    });
  }

  pushed(frame) {
    if (frame.op === 'msg' || (frame.op === 'reset' && frame.epoch) || frame.op === 'joined') {
      this.joined.set(frame.room, { seq: frame.seq, epoch: frame.epoch }); // 'joined': where the server moved it
    } else if (frame.op === 'closed') {
      this.joined.delete(frame.room);
    } else if (frame.op === 'moved') {
      if (frame.from) { // out of the room that held it
        this.joined.delete(frame.from);
      } else { // out of every room
        this.joined.clear();
      }
    }
    if (frame.op === 'expired' && this.refreshToken) {
      this.refreshNow();
    }
    this.emit(PUSHED.has(frame.op) ? frame.op : 'error', frame);
  }

  /** With a refresh callback: a new token a little before the current one's exp (a fifth of what is left, 2 s at least). */
  scheduleRefresh() {
    clearTimeout(this.refreshTimer);
    const exp = this.token && this.refreshToken ? tokenExpiry(this.token) : null;
    if (exp === null || this.closed) {
      return;
    }
    const left = exp * 1000 - Date.now();
    this.refreshTimer = setTimeout(() => this.refreshNow(), Math.max(0, left - Math.max(2000, left / 5)));
  }

  refreshNow() {
    Promise.resolve().then(() => this.refreshToken()).then((token) => {
      if (!token) {
        throw new PorthouseError({ code: 'unauthorized', message: 'the refresh callback gave no token' });
      }
      return this.auth(token);
    }).catch((e) => this.emit('error', e instanceof PorthouseError ? e
      : new PorthouseError({ code: 'unauthorized', message: `token refresh failed: ${e && e.message}` })));
  }

  /** After a reconnect: hello again, then every room joined again from where it was left. */
  resume() {
    return this.hello().then(() => Promise.all([...this.joined.entries()].map(([room, at]) =>
      this.request(at.epoch ? { op: 'join', room, since: at.seq, epoch: at.epoch } : { op: 'join', room }).then((joined) => {
        if (!joined.recovered) {
          this.joined.set(room, { seq: joined.seq, epoch: joined.epoch });
        }
        this.emit('resumed', { room, recovered: joined.recovered === true, joined });
      }, (error) => {
        this.joined.delete(room);
        this.emit('error', error);
      }))));
  }
}

/**
 * Connects to the bridge at {@code url} (e.g. http://127.0.0.1:8080/eventbus). Options:
 * {@code token} (a JWT: every op carries it, the server authenticates the socket with it once),
 * {@code refresh} (a function returning a new token, or a promise of one: called a little before
 * the token's exp), {@code reconnect} (true), {@code reconnectDelayMin} (1000 ms),
 * {@code reconnectDelayMax} (5000 ms), {@code timeoutMs} (10000: an op not answered within it is
 * 'outcome_unknown'), {@code transports} (SockJS's, e.g. ['xhr-streaming']), and any other
 * sockjs-client option. Resolves once the socket said hello and listens on its push address.
 */
export function connect(url, options = {}) {
  const { token, refresh, timeoutMs, reconnect = true, reconnectDelayMin = 1000, reconnectDelayMax = 5000, ...sockjs } = options;
  return new Promise((resolve, reject) => {
    const eb = new EventBus(url, {
      vertxbus_reconnect_delay_min: reconnectDelayMin, vertxbus_reconnect_delay_max: reconnectDelayMax,
      vertxbus_randomization_factor: 0.5, ...sockjs,
    });
    const client = new Porthouse(eb, { token, refresh, timeoutMs });
    let opened = false;
    let up = false; // between an open and the next close: 'close' once per drop, not per failed reconnect
    eb.onerror = (err) => client.emit('error', err);
    eb.onclose = (e) => {
      client.failPending('closed');
      if (!opened) {
        eb.enableReconnect(false);
        reject(new PorthouseError({ code: 'not_open', message: `cannot connect to ${url}` }));
      } else if (up) {
        up = false;
        client.emit('close', e);
      }
    };
    eb.onreconnect = () => client.resume().then(() => client.emit('reconnected', client.welcome), (e) => client.emit('error', e));
    eb.onopen = () => {
      up = true;
      if (opened) {
        return; // a reconnect: onreconnect resumes
      }
      client.hello().then((welcome) => {
        opened = true;
        eb.enableReconnect(reconnect);
        resolve(client);
      }, (e) => {
        eb.close();
        reject(e);
      });
    };
  });
}
