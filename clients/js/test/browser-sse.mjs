// The browser's own EventSource on the SSE ingress (GET /sse), for the Java integration test SseTest:
// Debian's headless Chromium driven by playwright-core. The page is of another origin (served here
// on PAGE_PORT); the stream goes through a TCP proxy here on PROXY_PORT, which can cut every
// connection and refuse new ones (a network gone), then let them through again.
//   node browser-sse.mjs http://127.0.0.1:PORT PAGE_PORT PROXY_PORT
// Commands on stdin, one JSON line each:
//   {"cmd":"open","token":T,"room":R}  -> {"event":"joined",…} once the stream is in R
//   (every event the page gets -> {"event":"msg"|"joined"|"error",…})
//   {"cmd":"drop"}    every proxied connection cut, new ones refused -> {"event":"dropped"}
//   {"cmd":"online"}  connections let through again (EventSource reconnects by itself) -> {"event":"online"}
//   {"cmd":"close"}   -> {"event":"closed"}
import { commandLoop, launch, out } from './chromium.mjs';
import { createServer } from 'node:http';
import { createConnection, createServer as createTcpServer } from 'node:net';

const [base, pagePort, proxyPort] = process.argv.slice(2);
const target = new URL(base);

const pages = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>another origin</title><p>app</p>');
});
await new Promise((resolve) => pages.listen(Number(pagePort), '127.0.0.1', resolve));

let cut = false;
const open = new Set();
const proxy = createTcpServer((client) => {
  if (cut) {
    client.destroy();
    return;
  }
  const server = createConnection(Number(target.port), target.hostname);
  open.add(client);
  open.add(server);
  client.pipe(server).pipe(client);
  const end = () => {
    client.destroy();
    server.destroy();
    open.delete(client);
    open.delete(server);
  };
  client.on('error', end).on('close', end);
  server.on('error', end).on('close', end);
});
await new Promise((resolve) => proxy.listen(Number(proxyPort), '127.0.0.1', resolve));

const browser = await launch();
let page = null;

const commands = {
  async open({ token, room }) {
    page = await browser.newPage();
    await page.exposeFunction('report', (o) => out(o));
    await page.goto(`http://127.0.0.1:${pagePort}/`);
    await page.evaluate(({ url }) => {
      const es = new EventSource(url);
      window.es = es;
      window.events = [];
      es.addEventListener('joined', (e) => {
        const f = JSON.parse(e.data);
        window.events.push(`joined ${f.recovered === true}`);
        window.report({ event: 'joined', room: f.room, seq: f.seq, recovered: f.recovered === true, order: window.events.slice() });
      });
      es.addEventListener('msg', (e) => {
        const f = JSON.parse(e.data);
        window.events.push(`msg ${f.seq}`);
        window.report({ event: 'msg', seq: f.seq, data: f.data, client: f.client, id: e.lastEventId });
      });
      es.onerror = () => window.report({ event: 'error', readyState: es.readyState });
    }, { url: `http://127.0.0.1:${proxyPort}/sse?rooms=${encodeURIComponent(room)}&token=${encodeURIComponent(token)}` });
  },
  async drop() {
    cut = true;
    for (const socket of open) {
      socket.destroy();
    }
    await page.evaluate(() => { window.events = []; });
    out({ event: 'dropped' });
  },
  async online() {
    cut = false;
    out({ event: 'online' });
  },
  async close() {
    await page.evaluate(() => window.es.close());
    await page.close();
    out({ event: 'closed' });
  },
};

commandLoop(browser, commands, () => {
  proxy.close();
  pages.close();
});
