// The built client (dist/porthouse.js) in a real browser, one SockJS transport at a time, for the
// Java integration test SockJsTransportsTest: Debian's headless Chromium driven by playwright-core.
//   node browser-transports.mjs http://127.0.0.1:PORT PAGE_PORT
// The page is the server's own (same origin: /js/porthouse.js) or one served here on PAGE_PORT
// (cross origin: the client file copied beside it, the SockJS bridge on the server's port).
// Commands on stdin, one JSON line each, answered by JSON lines on stdout:
//   {"cmd":"open","transport":"xhr-polling","origin":"same"|"cross","token":T,"room":R}
//       connects anonymously, authenticates with T, joins R, sends {"from":transport}
//       -> {"event":"joined","seq":…} then {"event":"sent","seq":…,"socket":…}
//   (every msg the page gets -> {"event":"msg","data":…,"seq":…})
//   {"cmd":"drop"}    the network goes offline and the connection drops -> {"event":"dropped"}
//   {"cmd":"online"}  back online: the client reconnects and resumes -> {"event":"resumed",…}
//   {"cmd":"close"}   -> {"event":"closed"}
// A failure is {"event":"failed","error":…} and exit code 1.
import { commandLoop, launchContext, out } from './chromium.mjs';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const [base, pagePort] = process.argv.slice(2);
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

// another origin: a page of an application that serves the client file itself
const pages = createServer((req, res) => {
  if (req.url === '/porthouse.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(join(dist, 'porthouse.js')));
  } else {
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>another origin</title><p>app</p>');
  }
});
await new Promise((resolve) => pages.listen(Number(pagePort), '127.0.0.1', resolve));

const browser = await launchContext();
let page = null;

async function open({ transport, origin, token, room }) {
  page = await browser.newPage();
  page.on('console', (m) => m.type() === 'error' && out({ event: 'console', text: m.text() }));
  await page.exposeFunction('report', (o) => out(o));
  const cross = origin === 'cross';
  await page.goto(cross ? `http://127.0.0.1:${pagePort}/` : `${base}/status`);
  const answer = await page.evaluate(async ({ base, transport, token, room, module }) => {
    const { connect } = await import(module);
    const ph = await connect(`${base}/eventbus`, { transports: [transport], reconnectDelayMin: 100, reconnectDelayMax: 300 });
    window.ph = ph;
    window.events = [];
    ph.on('msg', (m) => {
      window.events.push(`msg ${m.seq}`);
      window.report({ event: 'msg', data: m.data, seq: m.seq, client: m.client });
    });
    ph.on('resumed', (r) => {
      window.events.push(`resumed ${r.recovered}`);
      window.report({ event: 'resumed', room: r.room, recovered: r.recovered, order: window.events.slice() });
    });
    ph.on('close', () => window.report({ event: 'closed-by-network' }));
    const authed = await ph.auth(token);
    const joined = await ph.join(room);
    window.report({ event: 'joined', seq: joined.seq, client: authed.client });
    const ack = await ph.send(room, { from: transport });
    return { seq: ack.seq, socket: ph.socket, anonymous: ph.welcome.client === null };
  }, { base, transport, token, room, module: cross ? '/porthouse.js' : '/js/porthouse.js' });
  out({ event: 'sent', ...answer });
}

async function drop() {
  await page.context().setOffline(true);
  const wasOpen = await page.evaluate(() => {
    window.events = [];
    const conn = window.ph.eb.sockJSConn; // null while the client is between two connections already
    if (conn) {
      conn.close(); // the connection is gone; reconnects fail while offline
    }
    return conn !== null;
  });
  out({ event: 'dropped', wasOpen });
}

async function online() {
  await page.context().setOffline(false);
  out({ event: 'online' });
}

async function close() {
  await page.evaluate(() => window.ph.close());
  await page.close();
  page = null;
  out({ event: 'closed' });
}

const commands = { open, drop, online, close };
commandLoop(browser, commands, () => pages.close());
