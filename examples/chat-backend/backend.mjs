// The chat demo's application backend: answers Porthouse's hooks and receives its webhooks.
// Node 20, no dependencies.   PORTHOUSE_HOOKS_SECRET=… node examples/chat-backend/backend.mjs
//
//   connect  a guest (no token) becomes "guest-<n>", or the name in its cookie chat_name=…; role primary
//   join     rooms chat:* and lobby: allowed, with the member's colour shown in presence
//   publish  words on the block list are starred out; messages over 500 characters are refused
//   rpc      "time" (the backend's clock), "whoami"
//   events   every webhook event is printed, one JSON line each
//
// Every request is checked: HMAC-SHA256 of "timestamp.requestId.body" with the shared secret,
// and a timestamp within a minute; anything else is answered 401.
import http from 'node:http';
import crypto from 'node:crypto';

const secret = process.env.PORTHOUSE_HOOKS_SECRET;
if (!secret || secret.length < 16) {
  console.error('set PORTHOUSE_HOOKS_SECRET (16 characters or more), the same for Porthouse');
  process.exit(2);
}
const port = Number(process.env.CHAT_BACKEND_PORT ?? 9000);
const blocked = ['darn', 'heck'];
const colours = ['#c0392b', '#2980b9', '#27ae60', '#8e44ad', '#d35400'];
let guests = 0;

const log = (o) => console.log(JSON.stringify(o));

function signedRight(req, body) {
  const ts = req.headers['x-porthouse-timestamp'];
  const id = req.headers['x-porthouse-request-id'];
  const sig = req.headers['x-porthouse-signature'];
  if (!ts || !id || !sig || Math.abs(Date.now() / 1000 - Number(ts)) > 60) {
    return false;
  }
  const mac = 'v1=' + crypto.createHmac('sha256', secret).update(`${ts}.${id}.`).update(body).digest('hex');
  return mac.length === sig.length && crypto.timingSafeEqual(Buffer.from(mac), Buffer.from(sig));
}

function cookie(headers, name) {
  const found = (headers?.Cookie ?? '').split(';').map((c) => c.trim().split('=')).find(([k]) => k === name);
  return found ? decodeURIComponent(found[1] ?? '') : null;
}

const hooks = {
  connect(b) {
    const named = cookie(b.headers, 'chat_name');
    const client = named && /^[\w-]{1,32}$/.test(named) ? named : `guest-${++guests}`;
    return { result: { client, roles: ['primary'], exp: Math.floor(Date.now() / 1000) + 3600 } };
  },
  refresh() {
    return { result: { exp: Math.floor(Date.now() / 1000) + 3600 } };
  },
  join(b) {
    if (!(b.room === 'lobby' || b.room.startsWith('chat:'))) {
      return { error: { code: 'forbidden', message: `this chat keeps rooms 'lobby' and 'chat:<name>' only` } };
    }
    const n = [...(b.client ?? 'anonymous')].reduce((h, c) => h + c.charCodeAt(0), 0);
    return { result: { info: { colour: colours[n % colours.length] } } };
  },
  publish(b) {
    // the demo page sends {"text": …}; other clients may send a plain string
    const text = typeof b.data === 'string' ? b.data : typeof b.data?.text === 'string' ? b.data.text : null;
    if (JSON.stringify(b.data ?? b.text ?? '').length > 500) {
      return { error: { code: 'too_large', message: 'messages here are 500 characters at most' } };
    }
    if (text !== null && blocked.some((w) => text.toLowerCase().includes(w))) {
      const starred = blocked.reduce((s, w) => s.replace(new RegExp(w, 'gi'), '*'.repeat(w.length)), text);
      return { result: { data: typeof b.data === 'string' ? starred : { ...b.data, text: starred } } };
    }
    return { result: {} };
  },
  rpc(b) {
    switch (b.method) {
      case 'time': return { result: { data: new Date().toISOString() } };
      case 'whoami': return { result: { data: { client: b.client, roles: b.roles } } };
      default: return { error: { code: 'not_found', message: `no method '${b.method}'` } };
    }
  },
  events(b) {
    for (const e of b.events) {
      log({ event: 'webhook', type: e.type, id: e.id, room: e.room, client: e.client ?? null });
    }
    if (b.dropped > 0) {
      log({ event: 'webhook-dropped', room: b.room, dropped: b.dropped });
    }
    return {};
  },
};

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > 1 << 20) {
      req.destroy();
    } else {
      chunks.push(c);
    }
  });
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const hook = req.url.replace(/^\/porthouse\//, '');
    if (req.method !== 'POST' || !hooks[hook]) {
      res.writeHead(404).end();
      return;
    }
    if (!signedRight(req, body)) {
      log({ event: 'refused', hook, why: 'bad signature' });
      res.writeHead(401).end();
      return;
    }
    const answer = hooks[hook](JSON.parse(body));
    if (hook !== 'events') {
      log({ event: 'hook', hook, answer });
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
});
server.listen(port, '127.0.0.1', () => log({ event: 'listening', port: server.address().port }));
