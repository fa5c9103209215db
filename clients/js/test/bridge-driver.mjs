// Drives one bridge client (the standard @vertx/eventbus-bridge-client.js, unchanged) for the
// Java integration tests: commands come as JSON lines on stdin, everything the client sees goes
// to stdout as JSON lines. Usage: node bridge-driver.mjs http://127.0.0.1:PORT/eventbus
//   {"cmd":"send","id":1,"address":"porthouse.in","body":{...},"headers":{...}} -> {"event":"reply","id":1,"body":...} or {"event":"reply-error","id":1,...}
//   {"cmd":"register","address":"..."}  -> every message there: {"event":"push","address":...,"body":...}
//   {"cmd":"publish","address":"...","body":...}
//   {"cmd":"close"}
// Bridge errors (refused sends and registers) arrive as {"event":"error",...}.
import EventBus from '@vertx/eventbus-bridge-client.js';
import { createInterface } from 'node:readline';

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const eb = new EventBus(process.argv[2]);
eb.onerror = (err) => out({ event: 'error', error: err });
eb.onclose = () => {
  out({ event: 'closed' });
  process.exit(0);
};
eb.onopen = () => {
  out({ event: 'open' });
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const c = JSON.parse(line);
    try {
      switch (c.cmd) {
        case 'send':
          eb.send(c.address, c.body, c.headers || {}, (err, reply) => {
            out(err ? { event: 'reply-error', id: c.id, error: err } : { event: 'reply', id: c.id, body: reply.body });
          });
          break;
        case 'register':
          eb.registerHandler(c.address, (err, msg) => out(err ? { event: 'error', error: err }
            : { event: 'push', address: c.address, body: msg.body }));
          break;
        case 'publish':
          eb.publish(c.address, c.body);
          break;
        case 'close':
          eb.close();
          break;
        default:
          out({ event: 'bad-command', command: c });
      }
    } catch (e) {
      out({ event: 'exception', message: String(e) });
    }
  });
  lines.on('close', () => eb.close());
};
