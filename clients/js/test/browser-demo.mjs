// The chat demo (/) and the console (/console) in a real browser: Debian's headless Chromium driven
// by playwright-core, for the Java integration test BrowserDemoTest. Usage:
//   node browser-demo.mjs http://127.0.0.1:PORT ALICE_TOKEN BOB_TOKEN OWNER_TOKEN ROOM SCREENSHOT_DIR
// Prints one JSON line per step ({"event":...}) and {"event":"done"} at the end; any failure is
// {"event":"failed","error":...} and exit code 1.
import { launchContext, out, script } from './chromium.mjs';
import { join } from 'node:path';

const [base, alice, bob, owner, room, shots] = process.argv.slice(2);
const WAIT = { timeout: 15000 };
const browser = await launchContext({ viewport: { width: 1000, height: 560 } });

async function chat(token) {
  const page = await browser.newPage();
  await page.goto(`${base}/?token=${encodeURIComponent(token)}`);
  await page.locator('#status', { hasText: 'connected' }).waitFor(WAIT);
  await page.fill('#room', room);
  await page.click('#join');
  await page.locator('.sys', { hasText: `in room ${room}` }).first().waitFor(WAIT);
  return page;
}

async function say(page, text) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

await script(browser, async () => {
  const a = await chat(alice);
  const b = await chat(bob);
  out({ event: 'joined' });
  await say(a, 'hello from alice');
  await b.locator('.msg', { hasText: 'alice: hello from alice' }).waitFor(WAIT);
  await say(b, 'hi alice');
  await a.locator('.msg', { hasText: 'bob: hi alice' }).waitFor(WAIT);
  await b.locator('#members li', { hasText: 'alice' }).waitFor(WAIT);
  out({ event: 'chatted', members: await b.locator('#members li').allTextContents() });

  // bob leaves the page (its socket closes), alice goes on, bob comes back: the page resumes
  await b.goto('about:blank');
  await a.locator('.sys', { hasText: 'bob left' }).waitFor(WAIT);
  await say(a, 'while you were away');
  await b.goto(`${base}/?token=${encodeURIComponent(bob)}`); // back in its last room, the recent conversation from history
  await b.locator('.sys', { hasText: `in room ${room}` }).waitFor(WAIT);
  await b.locator('.msg', { hasText: 'alice: while you were away' }).waitFor(WAIT);
  out({ event: 'resumed', lines: await b.locator('#log div').allTextContents() });
  await a.screenshot({ path: join(shots, 'demo-chat.png') });

  const c = await browser.newPage();
  await c.goto(`${base}/console?token=${encodeURIComponent(owner)}`);
  const row = c.locator('#rooms tbody tr', { hasText: room });
  await row.waitFor(WAIT);
  await c.locator('#rooms tbody tr', { hasText: room }).locator('.members', { hasText: '2' }).waitFor(WAIT);
  await row.locator('.rate', { hasText: /^\d+\.\d$/ }).waitFor(WAIT); // the room's message rate, after two polls
  await c.locator('#node td', { hasText: /^\d+\.\d$/ }).first().waitFor(WAIT); // a message rate, after two polls
  const self = c.locator('#nodes tbody tr', { hasText: '(this node)' });
  await self.locator('td', { hasText: /^\d+\.\d$/ }).first().waitFor(WAIT); // the cluster table's rates, after two polls
  out({ event: 'console', row: await row.textContent(), node: await c.locator('#node').textContent(),
    nodeId: await c.locator('#node tr').first().locator('td').textContent(),
    nodes: await c.locator('#nodes tbody tr').allTextContents(), links: await c.locator('#links').textContent() });
  // the operator lists the room's members and kicks bob: bob's page is told, the room has one member left
  await row.locator('.show').click();
  const bobRow = c.locator('#members tbody tr', { hasText: 'bob' });
  await bobRow.waitFor(WAIT);
  await c.screenshot({ path: join(shots, 'console.png'), fullPage: true });
  c.on('dialog', (d) => d.accept());
  await bobRow.locator('.kick').click();
  await b.locator('.sys', { hasText: `moved you out of ${room}` }).waitFor(WAIT);
  await c.locator('#rooms tbody tr', { hasText: room }).locator('.members', { hasText: '1' }).waitFor(WAIT);
  out({ event: 'kicked', members: await c.locator('#members tbody tr .client').allTextContents() });
});
