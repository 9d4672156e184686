/**
 * Durability on a full disk (issue 20), on a small tmpfs mounted for the test: a checkpoint write that hits ENOSPC
 * leaves the previous checkpoint intact and no temporary file, with a one-line error; a training run that fills the
 * disk stops with exit 2 and one line, its last good checkpoint resumes once space is freed, and the resumed run
 * finishes. Mounting needs root (or CAP_SYS_ADMIN): elsewhere the suite is skipped with a one-line reason.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint';
import { createRng } from '../../src/rng';
import { GOOD_CONFIG, PLATEAU } from '../fuzz/fixtures';

const mnt = fs.mkdtempSync(path.join(os.tmpdir(), 'disk-full-'));
let mounted = false,
  why = '';
try {
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt], { stdio: 'pipe' });
  mounted = true;
} catch (e) {
  why = String((e as { stderr?: Buffer }).stderr ?? e)
    .trim()
    .split('\n')[0];
}
if (!mounted) process.stderr.write(`disk-full tests skipped: cannot mount a tmpfs here (${why})\n`);
const maybe = mounted ? test : test.skip;

afterAll(() => {
  if (mounted) execFileSync('umount', [mnt]);
  fs.rmSync(mnt, { recursive: true, force: true });
});

/** Fills the file system of `dir` until `leave` bytes are free (statfs), with one filler file; returns it. */
function fill(dir: string, leave: number): string {
  const filler = path.join(dir, 'filler'),
    st = fs.statfsSync(dir),
    free = st.bavail * st.bsize;
  fs.writeFileSync(filler, Buffer.alloc(Math.max(0, free - leave)));
  return filler;
}

const ckpt = (step: number, params: number) => ({
  configHash: 'h',
  step,
  evaluations: step,
  theta: Array.from({ length: params }, (_, i) => i / 7),
  optimizer: { name: 'adam', state: {} },
  rng: createRng(1).state(),
});

maybe('a checkpoint write on a full disk fails in one line and leaves the last good checkpoint intact', () => {
  const dir = path.join(mnt, 'unit');
  fs.mkdirSync(dir);
  const file = path.join(dir, 'checkpoint.json');
  saveCheckpoint(file, ckpt(10, 50));
  const before = fs.readFileSync(file, 'utf8');
  const filler = fill(mnt, 4096);
  let message = '';
  try {
    saveCheckpoint(file, ckpt(20, 5000)); // ~100 KB: cannot fit
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/^writing .*checkpoint\.json: no space left on the device \(ENOSPC\)$/);
  expect(fs.readFileSync(file, 'utf8')).toBe(before);
  expect(loadCheckpoint(file, { configHash: 'h', nParams: 50 }).step).toBe(10);
  expect(fs.readdirSync(dir)).toEqual(['checkpoint.json']); // the temporary file is gone
  fs.rmSync(filler);
});

maybe(
  'a training run that fills the disk stops with one error line and exit 2; its last checkpoint resumes after space is freed',
  () => {
    const run = path.join(mnt, 'run'),
      config = path.join(os.tmpdir(), `disk-full-${process.pid}.json`);
    fs.writeFileSync(
      config,
      JSON.stringify({ ...GOOD_CONFIG, steps: 400, eval: { every: 1 }, checkpoint: { every: 5 } }),
    );
    const env = { ...process.env, PLATEAU_BACKEND: 'cpu' };
    const filler = fill(mnt, 24 * 1024); // six 4 KiB pages: run.json, the lock, a checkpoint and its temporary copy, some metrics lines
    const r = spawnSync(process.execPath, [PLATEAU, 'train', '--config', config, '--out', run, '--quiet'], {
      encoding: 'utf8',
      env,
    });
    const lines = r.stderr.trim().split('\n');
    expect(r.status).toBe(2);
    expect(lines).toHaveLength(2); // where the run goes (said even with --quiet), then the one error line
    expect(lines[0]).toBe(`new run in ${run}`);
    expect(lines[1]).toMatch(
      /^error: (writing|appending to) .*(checkpoint\.json|metrics\.jsonl): no space left on the device \(ENOSPC\)$/,
    );
    expect(r.stdout).toBe('');
    const saved = JSON.parse(fs.readFileSync(path.join(run, 'checkpoint.json'), 'utf8')) as { step: number };
    expect(saved.step).toBeGreaterThanOrEqual(5);
    expect(saved.step).toBeLessThan(400);
    expect(fs.readdirSync(run).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    fs.rmSync(filler);
    const resumed = spawnSync(process.execPath, [PLATEAU, 'train', '--resume', run, '--quiet'], {
      encoding: 'utf8',
      env,
    });
    expect(resumed.stderr).toBe('');
    expect(resumed.status).toBe(0);
    const steps = fs
      .readFileSync(path.join(run, 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { step: number }).step);
    expect(steps).toEqual(Array.from({ length: 401 }, (_, i) => i)); // every step once: the torn or missing lines were redone
    fs.rmSync(config);
  },
);
