// What every browser driver here shares: Debian's headless Chromium through playwright-core (with
// the flags this machine's closed network needs), one JSON line per step on stdout, and the two
// ways a driver runs: a script of steps, or commands read from stdin.
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const OPTIONS = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
};

/** Prints one step as a JSON line. */
export const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

/** A browser (contexts made as needed). */
export function launch() {
  return chromium.launch(OPTIONS);
}

/** A browser context with its own fresh profile (storage shared by its pages). */
export function launchContext(options = {}) {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'porthouse-chromium-')), { ...OPTIONS, ...options });
}

/** Runs {@code steps}, then {"event":"done"}; a failure is {"event":"failed"} and exit code 1. */
export async function script(browser, steps) {
  try {
    await steps();
    out({ event: 'done' });
    await browser.close();
    process.exit(0);
  } catch (e) {
    out({ event: 'failed', error: String(e && e.stack || e) });
    await browser.close().catch(() => {});
    process.exit(1);
  }
}

/** Runs each JSON line of stdin as {@code commands[line.cmd](line)}, in order, until stdin ends; then {@code cleanup}. */
export function commandLoop(browser, commands, cleanup = () => {}) {
  let queue = Promise.resolve();
  createInterface({ input: process.stdin }).on('line', (line) => {
    const command = JSON.parse(line);
    queue = queue.then(() => commands[command.cmd](command)).catch(async (e) => {
      out({ event: 'failed', error: String(e && e.stack || e) });
      await browser.close().catch(() => {});
      process.exit(1);
    });
  }).on('close', () => queue.then(async () => {
    await browser.close().catch(() => {});
    cleanup();
    process.exit(0);
  }));
}
