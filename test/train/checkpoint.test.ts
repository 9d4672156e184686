/** Checkpoints: round trip, refusal of corrupt or foreign files, and survival of a write killed half-way. */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { configHash, loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint';
import { createRng } from '../../src/rng';
import { writeFileAtomic } from '../../src/fsutil';

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-'));
const sample = (step: number) => ({ configHash: configHash({ a: 1, b: [2, 3] }), step, evaluations: 2 * step, theta: [0.1, -2.5, 3], optimizer: { name: 'adam', state: { t: step } }, rng: createRng(4).state() });

test('config hash ignores key order and sees every value', () => {
  expect(configHash({ a: 1, b: { c: 2, d: 3 } })).toBe(configHash({ b: { d: 3, c: 2 }, a: 1 }));
  expect(configHash({ a: 1, b: { c: 2, d: 3 } })).not.toBe(configHash({ a: 1, b: { c: 2, d: 4 } }));
});

test('save → load round-trips; wrong config, wrong size, corrupt and missing files are refused', () => {
  const d = dir(), f = path.join(d, 'checkpoint.json');
  saveCheckpoint(f, sample(7));
  const c = loadCheckpoint(f, { configHash: sample(0).configHash, nParams: 3 });
  expect(c.step).toBe(7);
  expect(c.theta).toEqual([0.1, -2.5, 3]);
  expect(createRng(4, c.rng as never).uniform()).toBe(createRng(4).uniform());
  expect(() => loadCheckpoint(f, { configHash: configHash({ a: 2 }), nParams: 3 })).toThrow(/belongs to a different config/);
  expect(() => loadCheckpoint(f, { configHash: sample(0).configHash, nParams: 4 })).toThrow(/has 3 parameters/);
  fs.writeFileSync(f, '{"format": "plateau-checkpoint/1", "step": ');
  expect(() => loadCheckpoint(f, { configHash: 'x', nParams: 3 })).toThrow(/corrupt checkpoint/);
  fs.writeFileSync(f, JSON.stringify({ format: 'something-else' }));
  expect(() => loadCheckpoint(f, { configHash: 'x', nParams: 3 })).toThrow(/not a plateau checkpoint: format: Invalid input: expected "plateau-checkpoint\/1" \(got "something-else"\); configHash: .*; 4 more$/);
  expect(() => loadCheckpoint(path.join(d, 'none.json'), { configHash: 'x', nParams: 3 })).toThrow(/no checkpoint to resume from/);
});

test('a process killed at any moment of a checkpoint write leaves a valid checkpoint (old or new)', async () => {
  const d = dir(), f = path.join(d, 'checkpoint.json');
  const script = `
    const { saveCheckpoint } = require(${JSON.stringify(path.resolve(__dirname, '../../src/train/checkpoint'))});
    const theta = Array.from({ length: 3e6 }, (_, i) => i / 7);
    saveCheckpoint(${JSON.stringify(f)}, { configHash: 'h', step: 6, evaluations: 6, theta, optimizer: { name: 'adam', state: {} }, rng: {} });
  `;
  const outcomes: number[] = [];
  for (const delay of [150, 400, 800, 1500]) {
    saveCheckpoint(f, sample(5));
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', script]);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise((r) => setTimeout(r, delay));
    child.kill('SIGKILL');
    await exited;
    // whatever moment the kill hit, the file parses and is either the old (5) or the new (6) checkpoint
    const raw = JSON.parse(fs.readFileSync(f, 'utf8')) as { step: number };
    expect([5, 6]).toContain(raw.step);
    outcomes.push(raw.step);
  }
  expect(outcomes).toContain(5); // at least one kill landed before the rename
});

test('writeFileAtomic leaves no temp file behind on success', () => {
  const d = dir();
  writeFileAtomic(path.join(d, 'x.txt'), 'ok');
  expect(fs.readdirSync(d)).toEqual(['x.txt']);
});
