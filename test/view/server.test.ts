/**
 * The view's HTTP server without a browser: loopback binding and Host check, the page and its bundled scripts, the
 * JSON API, path traversal refused (plain, encoded, double-encoded, backslash, NUL, symlinks out), read-only (the
 * served tree is byte-for-byte unchanged), and the live stream: a line appended to metrics.jsonl arrives as rows.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { lockDir } from '../../src/lock';
import { startViewServer, ViewServer } from '../../src/view/server';
import { metricsLine, treeSnapshot, writeRun } from './fixtures';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'view-server-'));
const root = path.join(tmp, 'runs');
let server: ViewServer;

/** A raw request: the path goes out exactly as written (no URL normalisation on the way). */
function get(
  p: string,
  o: { host?: string; method?: string } = {},
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: p,
        method: o.method ?? 'GET',
        headers: o.host ? { host: o.host } : {},
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  writeRun(path.join(root, 'done'), { name: 'done', summary: 'finished' });
  writeRun(path.join(root, 'crash'), { name: 'crash', checkpointStep: 10 });
  writeRun(path.join(root, 'live'), { name: 'live', steps: 100, at: [0, 10] });
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'SECRET\n');
  fs.symlinkSync(tmp, path.join(root, 'link-out'));
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'done', 'secret.md'));
  fs.symlinkSync(path.join(root, 'done', 'summary.md'), path.join(root, 'inside.md'));
  server = await startViewServer({
    roots: [{ index: 0, shown: 'runs', dir: root }],
    host: '127.0.0.1',
    port: 0,
    pollMs: 50,
  });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('loopback only, the page with its policy, bundled scripts, favicon 204, Host and method checks', async () => {
  expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
  const page = await get('/');
  expect(page.status).toBe(200);
  expect(page.body).toContain('<script src="/assets/vega-embed.min.js">');
  expect(page.body).not.toMatch(/https?:\/\//); // nothing from the network
  expect(page.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'self' 'unsafe-eval'/);
  for (const a of ['vega.min.js', 'vega-lite.min.js', 'vega-embed.min.js', 'app.js', 'style.css']) {
    const r = await get(`/assets/${a}`);
    expect([a, r.status]).toEqual([a, 200]);
  }
  expect((await get('/assets/vega.min.js')).body.length).toBeGreaterThan(100_000);
  expect((await get('/favicon.ico')).status).toBe(204);
  expect((await get('/', { host: 'evil.example:80' })).status).toBe(403); // DNS rebinding
  expect((await get('/', { host: `localhost:${server.port}` })).status).toBe(200);
  expect((await get('/api/catalog', { method: 'POST' })).status).toBe(405);
  expect((await get('/api/catalog', { method: 'DELETE' })).status).toBe(405);
});

test('the catalog and a run: status, hash, backend, steps/s, summary', async () => {
  const lock = lockDir(path.join(root, 'live'), 'run folder');
  try {
    server.catalog.refresh();
    const c = JSON.parse((await get('/api/catalog')).body);
    const by = Object.fromEntries(c.runs.map((r: { name: string }) => [r.name, r]));
    expect(Object.keys(by).sort()).toEqual(['crash', 'done', 'live']);
    expect(by.live).toMatchObject({
      status: 'running',
      step: 10,
      steps: 100,
      backend: 'cpu',
      configHash: expect.stringMatching(/^hash-live/),
      stepsPerSecond: 100,
    });
    expect(by.done.status).toBe('finished');
    expect(by.crash.status).toBe('failed');
    const run = JSON.parse((await get(`/api/run?id=${encodeURIComponent(by.done.id)}`)).body);
    expect(run.summary.status).toBe('finished');
    expect(run.summary.rows).toContainEqual(['TVD Σ|p−q| train', expect.closeTo(1.2 / 21 + 0.01, 12)]);
    expect(run.files).toContain('summary.md');
    expect((await get('/api/run?id=0%2F..%2Fsecret.txt')).status).toBe(404);
    expect((await get('/api/scan?id=0%2Fdone')).status).toBe(404); // a run is not a scan
  } finally {
    lock.release();
  }
});

test('files inside the served folder only: traversal in every spelling is refused', async () => {
  const ok = await get('/files/0/done/summary.md');
  expect(ok.status).toBe(200);
  expect(ok.body).toBe('## done\n');
  expect(ok.headers['content-security-policy']).toContain('sandbox');
  expect((await get('/files/0/inside.md')).status).toBe(200); // a symlink that stays inside
  const attacks = [
    '/files/0/../secret.txt',
    '/files/0/%2e%2e/secret.txt',
    '/files/0/%2E%2e/secret.txt',
    '/files/0/%2e%2e%2fsecret.txt',
    '/files/0/..%2fsecret.txt',
    '/files/0/..%5csecret.txt',
    '/files/0/done/../../secret.txt',
    '/files/0/done/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/files/0/%252e%252e/secret.txt',
    '/files/0/%2fetc%2fpasswd',
    '/files/0//etc/passwd',
    '/files/0/done/secret.md%00.md',
    '/files/0/link-out/secret.txt',
    '/files/0/done/secret.md',
    '/files/1/secret.txt',
    '/files/../secret.txt',
    '/assets/../../package.json',
    '/assets/%2e%2e%2fpackage.json',
    '/%2e%2e/secret.txt',
    '/files/0/%c0%ae%c0%ae/secret.txt',
    '/files/0/done/run.json/..',
  ];
  for (const a of attacks) {
    const r = await get(a);
    expect([a, r.status]).toEqual([a, expect.any(Number)]);
    expect([a, r.status >= 400 && r.status < 500]).toEqual([a, true]);
    expect(r.body).not.toContain('SECRET');
  }
  expect((await get('/files/0/link-out/secret.txt')).status).toBe(403);
  expect((await get('/files/0/done/secret.md')).status).toBe(403);
  expect((await get('/files/0/done/checkpoint.json')).status).toBe(200);
  expect((await get('/files/0/done/params.bin')).status).toBe(404);
});

test('live: a metrics line appended while a page listens arrives as rows; nothing is ever written', async () => {
  const before = treeSnapshot(root);
  const id = server.catalog.snapshot.runs.find((r) => r.name === 'live')!.id;
  const events: { event: string; data: { panels?: { id: string }[]; loss?: { x: number }[] } }[] = [];
  const req = http.get({
    host: '127.0.0.1',
    port: server.port,
    path: `/api/events?run=${encodeURIComponent(id)}&scale=log`,
  });
  const got = new Promise<void>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d) => {
        buf += d;
        for (let i; (i = buf.indexOf('\n\n')) >= 0; buf = buf.slice(i + 2)) {
          const m = /^event: (\w+)\ndata: (.*)$/s.exec(buf.slice(0, i));
          if (!m) continue;
          events.push({ event: m[1], data: JSON.parse(m[2]) });
          if (m[1] === 'curves')
            fs.appendFileSync(path.join(root, 'live', 'metrics.jsonl'), `${JSON.stringify(metricsLine(20))}\n`);
          if (m[1] === 'rows') resolve();
        }
      });
    });
  });
  try {
    await got;
  } finally {
    req.destroy();
  }
  // the list changes with the new step too: catalog, curves, then the new line's catalog and rows
  expect(events.map((e) => e.event)).toEqual(['catalog', 'curves', 'catalog', 'rows']);
  expect(events[1].data.panels!.map((p) => p.id)).toEqual(['loss', 'tvd', 'kl', 'mmd', 'kbody', 'mass', 'grad', 'lr']);
  expect(events[3].data.loss).toEqual([{ series: 'loss', x: 20, y: 0.5 / 21 }]);
  // the test appended one line; the server changed nothing
  const after = treeSnapshot(root);
  expect(after.filter((l) => !l.startsWith('live/metrics.jsonl'))).toEqual(
    before.filter((l) => !l.startsWith('live/metrics.jsonl')),
  );
  expect(treeSnapshot(path.join(root, 'done'))).toEqual(
    before.filter((l) => l.startsWith('done/')).map((l) => l.slice(5)),
  );
});
