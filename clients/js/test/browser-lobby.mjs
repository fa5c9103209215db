// A first-time visitor of the chat demo (/), in a real browser (Debian's headless Chromium driven by
// playwright-core), for the Java integration test BrowserDemoTest: no token, no docs. A desktop
// page lands in the lobby and says hello under a name of its choice; a phone-sized page (390 px)
// lands there too, sees that hello from history, answers; the phone reloads and still sees both.
//   node browser-lobby.mjs http://127.0.0.1:PORT SCREENSHOT_DIR
// Prints {"event":...} lines; a failure is {"event":"failed","error":...} and exit code 1.
import { launch, out, script } from './chromium.mjs';
import { join } from 'node:path';

const [base, shots] = process.argv.slice(2);
const WAIT = { timeout: 15000 };
const browser = await launch();

async function visit(viewport) {
  const context = await browser.newContext({ viewport, isMobile: viewport.width < 500, hasTouch: viewport.width < 500 });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(`${base}/`);
  await page.locator('.sys', { hasText: 'in room lobby' }).waitFor(WAIT);
  return { page, problems };
}

async function say(page, name, text) {
  await page.fill('#name', name);
  await page.dispatchEvent('#name', 'change');
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

await script(browser, async () => {
  const desk = await visit({ width: 1100, height: 700 });
  out({ event: 'landed', header: await desk.page.locator('header p').textContent(),
    status: await desk.page.locator('#status').textContent() });
  await say(desk.page, 'ana', 'hello, is anyone here?');
  await desk.page.locator('.msg', { hasText: 'ana (guest): hello, is anyone here?' }).waitFor(WAIT);

  const phone = await visit({ width: 390, height: 844 });
  await phone.page.locator('.msg', { hasText: 'ana (guest): hello, is anyone here?' }).waitFor(WAIT);
  const box = await phone.page.locator('#log').boundingBox();
  const text = await phone.page.locator('#text').boundingBox();
  await say(phone.page, 'ben', 'hi ana, from my phone');
  await desk.page.locator('.msg', { hasText: 'ben (guest): hi ana, from my phone' }).waitFor(WAIT);
  await desk.page.locator('#members li').nth(1).waitFor(WAIT);
  out({ event: 'chatted', chatWidth: box.width, inputWidth: text.width, members: await desk.page.locator('#members li').allTextContents() });
  await desk.page.screenshot({ path: join(shots, 'demo-desktop.png') });

  await phone.page.reload();
  await phone.page.locator('.sys', { hasText: 'in room lobby' }).waitFor(WAIT);
  await phone.page.locator('.msg', { hasText: 'ben (guest): hi ana, from my phone' }).waitFor(WAIT);
  await phone.page.screenshot({ path: join(shots, 'demo-phone.png') });
  out({ event: 'reloaded', lines: await phone.page.locator('#log div').allTextContents(),
    problems: [...desk.problems, ...phone.problems] });
});
