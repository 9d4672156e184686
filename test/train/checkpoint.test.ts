/**
 * Checkpoints: round trip, refusal of corrupt or foreign files, and survival of a write killed at each of its steps
 * (a kill injected at a named point through PLATEAU_FAULT, src/faults.ts: no timed kills).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configHash, loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint';
import { createRng } from '../../src/rng';
import { writeFileAtomic } from '../../src/fsutil';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-'));
const sample = (step: number) => ({
  configHash: configHash({ a: 1, b: [2, 3] }),
  step,
  evaluations: 2 * step,
  theta: [0.1, -2.5, 3],
  optimizer: { name: 'adam', state: { t: step } },
  rng: createRng(4).state(),
});

test('config hash ignores key order and sees every value', () => {
  expect(configHash({ a: 1, b: { c: 2, d: 3 } })).toBe(configHash({ b: { d: 3, c: 2 }, a: 1 }));
  expect(configHash({ a: 1, b: { c: 2, d: 3 } })).not.toBe(configHash({ a: 1, b: { c: 2, d: 4 } }));
});

test('save → load round-trips; wrong config, wrong size, corrupt and missing files are refused', () => {
  const d = dir(),
    f = path.join(d, 'checkpoint.json');
  saveCheckpoint(f, sample(7));
  const c = loadCheckpoint(f, { configHash: sample(0).configHash, nParams: 3 });
  expect(c.step).toBe(7);
  expect(c.theta).toEqual([0.1, -2.5, 3]);
  expect(createRng(4, c.rng as never).uniform()).toBe(createRng(4).uniform());
  expect(() => loadCheckpoint(f, { configHash: configHash({ a: 2 }), nParams: 3 })).toThrow(
    /belongs to a different config/,
  );
  expect(() => loadCheckpoint(f, { configHash: sample(0).configHash, nParams: 4 })).toThrow(/has 3 parameters/);
  fs.writeFileSync(f, '{"format": "plateau-checkpoint/1", "step": ');
  expect(() => loadCheckpoint(f, { configHash: 'x', nParams: 3 })).toThrow(/corrupt checkpoint/);
  fs.writeFileSync(f, JSON.stringify({ format: 'something-else' }));
  expect(() => loadCheckpoint(f, { configHash: 'x', nParams: 3 })).toThrow(
    /not a plateau checkpoint: format: Invalid input: expected "plateau-checkpoint\/1" \(got "something-else"\); configHash: .*; 4 more$/,
  );
  expect(() => loadCheckpoint(path.join(d, 'none.json'), { configHash: 'x', nParams: 3 })).toThrow(
    /no checkpoint to resume from/,
  );
});

test('a process killed at each step of a checkpoint write leaves a valid checkpoint (old before the rename, new after)', async () => {
  const d = dir(),
    f = path.join(d, 'checkpoint.json');
  const script = `
    const { saveCheckpoint } = require(${JSON.stringify(path.resolve(__dirname, '../../src/train/checkpoint'))});
    saveCheckpoint(${JSON.stringify(f)}, { configHash: 'h', step: 6, evaluations: 6, theta: [1, 2, 3], optimizer: { name: 'adam', state: {} }, rng: {} });
  `;
  // PLATEAU_FAULT (src/faults.ts) kills the writer with SIGKILL at the named point, as a crash would
  const cases: [string | undefined, number, NodeJS.Signals | null][] = [
    ['atomic-write:opened:kill', 5, 'SIGKILL'],
    ['atomic-write:before-rename:kill', 5, 'SIGKILL'],
    ['atomic-write:after-rename:kill', 6, 'SIGKILL'],
    [undefined, 6, null],
  ];
  for (const [fault, expected, signal] of cases) {
    saveCheckpoint(f, sample(5));
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script], {
      env: { ...process.env, PLATEAU_FAULT: fault },
    });
    const [code, sig] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('exit', (c, s) => resolve([c, s])),
    );
    expect([fault, sig, signal ? null : code]).toEqual([fault, signal, signal ? null : 0]);
    // the file parses and is the old (5) checkpoint before the rename, the new (6) one after it
    const raw = JSON.parse(fs.readFileSync(f, 'utf8')) as { step: number };
    expect([fault, raw.step]).toEqual([fault, expected]);
  }
});

test('an error between write and rename leaves the old file and no temp file; PLATEAU_FAULT refuses unknown points', () => {
  const d = dir(),
    f = path.join(d, 'x.txt');
  writeFileAtomic(f, 'old');
  process.env.PLATEAU_FAULT = 'atomic-write:before-rename@2:throw';
  try {
    writeFileAtomic(f, 'first'); // hit 1: passes
    expect(() => writeFileAtomic(f, 'second')).toThrow(/injected fault at atomic-write:before-rename \(hit 2/);
    writeFileAtomic(f, 'third'); // hit 3: passes again
    expect(fs.readFileSync(f, 'utf8')).toBe('third');
    expect(fs.readdirSync(d)).toEqual(['x.txt']);
    process.env.PLATEAU_FAULT = 'atomic-write:befor-rename:kill';
    expect(() => writeFileAtomic(f, 'x')).toThrow(
      /^PLATEAU_FAULT=atomic-write:befor-rename:kill: expected <point>\[@<hit>\]:<action> with point one of atomic-write:opened, /,
    );
  } finally {
    delete process.env.PLATEAU_FAULT;
  }
  expect(fs.readFileSync(f, 'utf8')).toBe('third');
});

test('writeFileAtomic leaves no temp file behind on success', () => {
  const d = dir();
  writeFileAtomic(path.join(d, 'x.txt'), 'ok');
  expect(fs.readdirSync(d)).toEqual(['x.txt']);
});
