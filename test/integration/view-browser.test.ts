/**
 * `plateau view` in a real browser (headless Debian chromium, test/helpers/chromium.ts): the server and two training
 * runs are started as users start them (`node bin/plateau.js …`). Checked in the page: a run appears while it trains,
 * its curve gains points in the same drawn chart (rows appended live, not a redraw), Ctrl-C shows it interrupted with
 * its summary, a short run turns finished and shows its summary, two runs overlay, the scale switch redraws on a
 * linear axis; a scan and a comparison written meanwhile are listed and drawn; and no console error, page error or
 * failed request occurs. Screenshots go to the printed folder.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'puppeteer-core';
import { chromiumMissing, closeBrowser, launchChromium } from '../helpers/chromium';

/**
 * Clicks the element `selector` finds at this moment, inside the page: the view re-renders its lists as runs change, so
 * a handle taken first (page.click) can be detached by the time the click is sent.
 */
async function clickNow(page: Page, selector: string): Promise<void> {
  await page.$eval(selector, (e) => (e as unknown as { click(): void }).click());
}

// the functions given to page.* run in the browser; this project compiles without the DOM library, so the little of it
// they use is declared here, for this file only
declare const document: {
  querySelector(s: string): { textContent: string | null } | null;
  querySelectorAll(s: string): ArrayLike<unknown>;
};
declare const location: { hash: string };
interface HTMLElement {
  dataset: Record<string, string | undefined>;
}
interface HTMLImageElement {
  complete: boolean;
  naturalWidth: number;
}

const root = path.resolve(__dirname, '../..');
const why = chromiumMissing();
if (why) console.warn(`skipping the browser test of plateau view: ${why}`);
const maybe = why ? test.skip : test;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'view-browser-'));
const runs = path.join(tmp, 'runs');
const SHOTS = path.join(os.tmpdir(), 'plateau-view-browser');
const children: ChildProcess[] = [];

function plateau(...args: string[]): ChildProcess {
  const child = spawn(process.execPath, [path.join(root, 'bin/plateau.js'), ...args], {
    cwd: tmp,
    env: { ...process.env, PLATEAU_BACKEND: 'wasm' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return child;
}
const exited = (c: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    c.exitCode !== null || c.signalCode !== null ? resolve(c.exitCode) : c.once('close', (code) => resolve(code)),
  );

function config(name: string, steps: number, every: number): string {
  const f = path.join(tmp, `${name}.json`);
  fs.writeFileSync(
    f,
    JSON.stringify({
      name,
      data: { synthetic: 'bars-and-stripes', rows: 2, cols: 2 },
      model: { ansatz: 'hep', layers: 2 },
      loss: { loss: 'mmd', sigmas: [0.5, 2] },
      schedule: { kind: 'constant', lr: 0.05 },
      steps,
      eval: { every },
    }),
  );
  return f;
}

/** The server's address, read from its stdout. */
async function startServer(): Promise<string> {
  const server = plateau('view', runs, '--port', '0', '--poll-ms', '150');
  let out = '';
  return new Promise((resolve, reject) => {
    server.stdout!.on('data', (d) => {
      out += d;
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.once('exit', (code) => reject(new Error(`plateau view exited with ${code}: ${out}`)));
  });
}

const points = (page: Page, panel: string) =>
  page.$$eval(`#curves .chart[data-panel="${panel}"] g.mark-symbol.role-mark path`, (ps) => ps.length);
const statusOf = (page: Page, id: string) =>
  page.$eval(`tr[data-id="${id}"] .status`, (e) => e.textContent).catch(() => null);

afterAll(async () => {
  const running = children.filter((c) => c.exitCode === null && c.signalCode === null);
  for (const c of running) c.kill('SIGTERM'); // the server closes and exits 0; a training run checkpoints
  await Promise.all(running.map(exited));
  fs.rmSync(tmp, { recursive: true, force: true });
});

maybe(
  'a live run in the browser: it appears, its curve grows, it ends with its summary; no console errors',
  async () => {
    fs.rmSync(SHOTS, { recursive: true, force: true });
    fs.mkdirSync(SHOTS, { recursive: true });
    fs.mkdirSync(runs);
    const url = await startServer();
    const live = plateau('train', '--config', config('live', 100000, 20), '--out', path.join(runs, 'live'));
    // a gradient scan and a loss comparison, written while the page is open
    const scan = plateau(
      'scan',
      '--losses',
      'mmd(n/4),lqf',
      '--qubits',
      '2..4',
      '--depths',
      '1',
      '--draws',
      '10',
      '--bootstrap',
      '20',
      '--backend',
      'cpu',
      '--quiet',
      '--out',
      path.join(runs, 'scan'),
    );
    fs.writeFileSync(
      path.join(tmp, 'cmp.json'),
      JSON.stringify({
        name: 'cmp',
        seeds: 2,
        data: [{ synthetic: 'bars-and-stripes', rows: 2, cols: 2 }],
        layers: [1],
        shots: [null],
        losses: [
          { id: 'kl', loss: 'kl' },
          { id: 'mmd', loss: 'mmd', sigmas: ['n/4'] },
        ],
        train: { steps: 6, eval: { every: 3 }, schedule: { kind: 'constant', lr: 0.1 } },
      }),
    );
    const compare = plateau(
      'compare',
      '--config',
      path.join(tmp, 'cmp.json'),
      '--out',
      path.join(runs, 'cmp'),
      '--quiet',
    );
    let browser: Browser | undefined;
    const problems: string[] = [];
    try {
      browser = await launchChromium();
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 800 });
      page.on(
        'console',
        (m) => void (m.type() === 'error' && problems.push(`console: ${m.text()} (${m.location().url ?? ''})`)),
      );
      page.on('pageerror', (e) => problems.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
      // an EventSource closed on purpose (the page follows other runs) is aborted, not failed
      page.on(
        'requestfailed',
        (r) =>
          void (
            !(r.url().includes('/api/events') && r.failure()?.errorText === 'net::ERR_ABORTED') &&
            problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`)
          ),
      );
      await page.goto(`${url}#run=${encodeURIComponent('0/live')}`, { waitUntil: 'load' });

      // the run appears as running, and its TVD chart gains points while it trains, in the same drawn chart
      await page.waitForFunction(
        () => document.querySelector('tr[data-id="0/live"] .status')?.textContent === 'running',
        { timeout: 30_000 },
      );
      await page.waitForFunction(
        () => document.querySelectorAll('#curves .chart[data-panel="tvd"] g.mark-symbol.role-mark path').length >= 4,
        { timeout: 30_000 },
      );
      const first = await points(page, 'tvd');
      await page.$eval('#curves .chart[data-panel="tvd"]', (e) => ((e as HTMLElement).dataset.probe = 'same chart'));
      await page.waitForFunction(
        (n: number) =>
          document.querySelectorAll('#curves .chart[data-panel="tvd"] g.mark-symbol.role-mark path').length >= n + 4,
        { timeout: 20_000 },
        first,
      );
      expect(await statusOf(page, '0/live')).toBe('running');
      expect(await page.$eval('#curves .chart[data-panel="tvd"]', (e) => (e as HTMLElement).dataset.probe)).toBe(
        'same chart',
      );
      const rows = await page.$eval('#curves .chart[data-panel="tvd"]', (e) => Number((e as HTMLElement).dataset.rows));
      expect(rows).toBeGreaterThanOrEqual(first + 4);
      expect(await page.$$eval('#curves .chart', (cs) => cs.map((c) => (c as HTMLElement).dataset.panel))).toEqual([
        'loss',
        'tvd',
        'kl',
        'mmd',
        'kbody',
        'mass',
        'grad',
        'lr',
      ]);
      expect(await page.$eval('tr[data-id="0/live"]', (e) => e.textContent)).toMatch(/wasm/);
      await page.screenshot({ path: path.join(SHOTS, '1-live-run.png') });

      // Ctrl-C: the run checkpoints, writes its summary and shows as interrupted, with the summary
      live.kill('SIGINT');
      expect(await exited(live)).toBe(130);
      await page.waitForFunction(
        () => document.querySelector('tr[data-id="0/live"] .status')?.textContent === 'interrupted',
        { timeout: 20_000 },
      );
      await page.waitForFunction(
        () => /interrupted after \d+ steps/.test(document.querySelector('#detail h3')?.textContent ?? ''),
        { timeout: 20_000 },
      );

      // a short run, watched from its start: it turns finished and shows its summary, model-vs-data and images
      const short = plateau('train', '--config', config('short', 300, 20), '--out', path.join(runs, 'short'));
      await page.goto(`${url}#run=${encodeURIComponent('0/short')}`);
      expect(await exited(short)).toBe(0);
      await page.waitForFunction(
        () => document.querySelector('tr[data-id="0/short"] .status')?.textContent === 'finished',
        { timeout: 20_000 },
      );
      await page.waitForFunction(
        () => /finished after 300 steps/.test(document.querySelector('#detail h3')?.textContent ?? ''),
        { timeout: 20_000 },
      );
      const summary = await page.$eval('#summary', (e) => e.textContent ?? '');
      expect(summary).toMatch(/TVD Σ\|p−q\| train/);
      expect(summary).toMatch(/MMD² σ = n\/4/);
      await page.waitForFunction(() => document.querySelectorAll('#detail .chart g.mark-rect path').length > 0, {
        timeout: 10_000,
      }); // model-vs-data bars
      await page.waitForFunction(
        () => {
          const img = document.querySelector('#detail img.figure') as unknown as HTMLImageElement | null;
          return img !== null && img.complete && img.naturalWidth > 0; // top-images.svg, served read-only from the run folder
        },
        { timeout: 10_000 },
      );
      // steps 0, 20, …, 300, train and test
      await page.waitForFunction(
        () =>
          document.querySelectorAll('#curves .chart[data-panel="tvd"] g.mark-symbol.role-mark path').length === 2 * 16,
        { timeout: 10_000 },
      );
      await page.screenshot({ path: path.join(SHOTS, '2-finished-run.png'), fullPage: true });

      // both runs overlaid, then on a linear axis
      await page.goto(`${url}#run=${encodeURIComponent('0/live')}&run=${encodeURIComponent('0/short')}`);
      await page.waitForFunction(
        () =>
          /2 runs overlaid/.test(document.querySelector('#run-head h2')?.textContent ?? '') &&
          document.querySelectorAll('#curves .chart[data-panel="loss"] g.mark-line path').length === 2,
        { timeout: 20_000 },
      );
      const legend = await page.$eval('#curves .chart[data-panel="loss"]', (e) => e.textContent ?? '');
      expect(legend).toContain('live');
      expect(legend).toContain('short');
      await page.screenshot({ path: path.join(SHOTS, '3-overlay.png') });
      await clickNow(page, 'button[data-scale="linear"]');
      await page.waitForFunction(
        () =>
          location.hash.includes('scale=linear') &&
          document.querySelectorAll('#curves .chart[data-panel="loss"] g.mark-line path').length === 2,
        { timeout: 20_000 },
      );

      // the scan: listed once written, variance charts with bands and fits, a verdict per fit
      expect(await exited(scan)).toBe(0);
      await page.waitForFunction(() => document.querySelector('#scans li[data-id="0/scan"]') !== null, {
        timeout: 20_000,
      });
      await clickNow(page, '#scans li[data-id="0/scan"]');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('#main .chart g.mark-line.role-mark').length >= 2 &&
          document.querySelectorAll('#main .chart g.mark-area path').length >= 2,
        { timeout: 20_000 },
      );
      const verdicts = JSON.parse(fs.readFileSync(path.join(runs, 'scan', 'scan.json'), 'utf8')).fits.length;
      expect(await page.$$eval('table.verdicts tbody tr', (rs) => rs.length)).toBe(verdicts);
      await page.screenshot({ path: path.join(SHOTS, '4-scan.png'), fullPage: true });

      // the comparison: ranked table, IQR bands, model-vs-data bars, images; its runs grouped under it
      expect(await exited(compare)).toBe(0);
      await page.waitForFunction(() => document.querySelector('#compares li[data-id="0/cmp"]') !== null, {
        timeout: 20_000,
      });
      await clickNow(page, '#compares li[data-id="0/cmp"]');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('table.ranking tbody tr').length === 2 &&
          document.querySelectorAll('#main .chart g.mark-area path').length >= 2 &&
          document.querySelectorAll('#main .chart g.mark-rect path').length > 16,
        { timeout: 20_000 },
      );
      expect(await page.$eval('details.group summary', (e) => e.textContent)).toBe('runs of comparison cmp (4)');
      await page.screenshot({ path: path.join(SHOTS, '5-compare.png'), fullPage: true });
      console.log(`plateau view browser test: screenshots in ${SHOTS}`);
    } finally {
      await closeBrowser(browser);
    }
    expect(problems).toEqual([]);
  },
  90_000,
);
