// The operator's console (/console) in a real browser (Debian's headless Chromium driven by
// playwright-core), for the Java integration test BrowserDemoTest: opened without a token it says
// how to sign in and asks nothing it would be refused; a wrong password is a sentence; the right
// one signs in (a built-in account, POST /auth/login) and the tables fill, quietly without a bridge.
//   node browser-console.mjs http://127.0.0.1:PORT USER PASSWORD SCREENSHOT_DIR
// Prints {"event":...} lines; a failure is {"event":"failed","error":...} and exit code 1.
import { launch, out, script } from './chromium.mjs';
import { join } from 'node:path';

const [base, user, password, shots] = process.argv.slice(2);
const WAIT = { timeout: 15000 };
const browser = await launch();

await script(browser, async () => {
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  const problems = [];
  const asked = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('request', (r) => asked.push(new URL(r.url()).pathname));
  await page.goto(`${base}/console`);
  await page.locator('#node td', { hasText: /^\d+\.\d$/ }).first().waitFor(WAIT); // two polls of /status and /metrics
  out({ event: 'signed-out', who: await page.locator('#who').textContent(), error: await page.locator('#error').textContent(),
    admin: asked.filter((p) => p.startsWith('/admin')), problems: problems.slice() });

  await page.fill('#user', user);
  await page.fill('#password', 'not the password');
  await page.click('#login button');
  await page.locator('#error', { hasText: 'wrong user or password' }).waitFor(WAIT);
  out({ event: 'refused', error: await page.locator('#error').textContent() });

  // a failed login makes the account wait a second: the page says so, and the next try gets in
  for (let tries = 0; ; tries++) {
    await page.fill('#user', user);
    await page.fill('#password', password);
    await page.click('#login button');
    try {
      await page.locator('#who', { hasText: `Signed in as ${user}` }).waitFor({ timeout: 1500 });
      break;
    } catch (e) {
      if (tries > 8) throw e;
    }
  }
  await page.locator('#rooms tbody tr', { hasText: 'lobby' }).waitFor(WAIT);
  await page.locator('#links', { hasText: 'no bridge in this cluster' }).waitFor(WAIT);
  const before = problems.length;
  await page.locator('#nodes tbody td', { hasText: /^\d+\.\d$/ }).first().waitFor(WAIT); // a few more polls
  await page.waitForTimeout(4500); // two more polls, to see that none of them fails
  await page.screenshot({ path: join(shots, 'console-signed-in.png'), fullPage: true });
  out({ event: 'signed-in', who: await page.locator('#who').textContent(), error: await page.locator('#error').textContent(),
    links: await page.locator('#links').textContent(), problems: problems.slice(before) });
});
