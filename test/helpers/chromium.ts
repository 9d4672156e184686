/**
 * Headless Debian chromium driven by puppeteer-core (which downloads no browser; .ci/run installs chromium with apt).
 * Launch flags that work offline and as root (../shared/TFJS-FACTS.md §8): headless, no sandbox, no GPU, no background
 * networking, component updates, sync or first-run UI, and a fresh profile. Chromium runs in its own process group:
 * `closeBrowser` closes it and then kills that group, and an exit of the test process kills it too.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser } from 'puppeteer-core';

export const CHROMIUM = process.env.PLATEAU_CHROMIUM || '/usr/bin/chromium';

/** Why no browser test can run here, or null. */
export function chromiumMissing(): string | null {
  if (!fs.existsSync(CHROMIUM))
    return `no chromium at ${CHROMIUM} (apt-get install --no-install-recommends chromium, or set PLATEAU_CHROMIUM)`;
  try {
    require.resolve('puppeteer-core');
  } catch {
    return 'the dev dependency puppeteer-core is not installed';
  }
  return null;
}

const killGroup = (pid: number | undefined) => {
  try {
    if (pid) process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
};

/** Browsers launched here and their throw-away profiles, removed once the browser is dead. */
const profiles = new WeakMap<Browser, string>();

export async function launchChromium(): Promise<Browser> {
  const puppeteer = require('puppeteer-core') as typeof import('puppeteer-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
    ],
  });
  const pid = browser.process()?.pid;
  const onExit = () => killGroup(pid);
  process.once('exit', onExit);
  browser.once('disconnected', () => process.off('exit', onExit));
  profiles.set(browser, profile);
  return browser;
}

/** Closes the browser (5 s at most), then kills its process group whatever happened, and removes its profile. */
export async function closeBrowser(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  const pid = browser.process()?.pid;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([browser.close().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 5000)))]);
  clearTimeout(timer);
  killGroup(pid);
  const profile = profiles.get(browser);
  // chromium's helpers may still be flushing into the profile for a moment after the group is killed
  if (profile) fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}
