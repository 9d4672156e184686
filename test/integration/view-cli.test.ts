/**
 * `plateau view` as a command: it prints where to open it, binds to loopback unless told otherwise, warns when --host
 * exposes it, stops cleanly on SIGTERM, and refuses bad input in one line with exit 2.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'view-cli-'));
const bin = path.join(root, 'bin/plateau.js');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Starts the server, waits for its address, stops it with SIGTERM; returns what it printed and its exit code. */
async function serveOnce(args: string[]): Promise<{ out: string; err: string; code: number | null }> {
  const child = spawn(process.execPath, [bin, 'view', ...args], { cwd: tmp });
  let out = '',
    err = '';
  child.stderr.on('data', (d) => (err += d));
  const code = new Promise<number | null>((resolve) => child.on('close', resolve));
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (d) => {
      out += d;
      if (/open http/.test(out)) resolve();
    }),
  );
  child.kill('SIGTERM');
  return { out, err, code: await code };
}

test('loopback by default; --host exposes it with a warning; SIGTERM exits 0', async () => {
  const a = await serveOnce([tmp, '--port', '0']);
  expect(a.out).toMatch(
    /^plateau view: 0 runs, 0 scans, 0 comparisons under .*\nopen http:\/\/127\.0\.0\.1:\d+\/ \(Ctrl-C to stop\)\n$/,
  );
  expect(a.err).toBe('');
  expect(a.code).toBe(0);
  const b = await serveOnce([tmp, '--port', '0', '--host', '0.0.0.0']);
  expect(b.err).toMatch(
    /^warning: --host 0\.0\.0\.0 exposes .* \(read-only, no authentication\) to every machine that can reach this one\n$/,
  );
  expect(b.out).toMatch(/open http:\/\/0\.0\.0\.0:\d+\//);
  expect(b.code).toBe(0);
  const c = await serveOnce(['--port', '0']); // no runs/ here yet: served when it appears
  expect(c.err).toMatch(/^runs\/ does not exist yet/);
});

test('bad input: one line, exit 2', () => {
  const cases: [string[], RegExp][] = [
    [[path.join(tmp, 'nope')], /^error: .*nope: no such folder$/],
    [[tmp, '--port', 'x'], /^error: --port: expected an integer in 0\.\.65535, got "x"$/],
    [[tmp, '--poll-ms', '5'], /^error: --poll-ms: expected an integer ≥ 50, got "5"$/],
    [[tmp, '--host', '203.0.113.7', '--port', '0'], /^error: --host 203\.0\.113\.7: not an address of this machine$/],
  ];
  for (const [args, re] of cases) {
    const r = spawnSync(process.execPath, [bin, 'view', ...args], { cwd: tmp, encoding: 'utf8', timeout: 30000 });
    const lines = r.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('warning:'));
    expect([args.join(' '), r.status]).toEqual([args.join(' '), 2]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(re);
  }
});
