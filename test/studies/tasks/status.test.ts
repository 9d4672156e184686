/**
 * `plateau status` from files alone: done (the result carries the task hash), running (a live lock), failed (an error
 * receipt, or a 'started' receipt whose process is gone), missing (nothing, or an interrupted run), with the log of the
 * job that ran each one; the CPU time left is the unfinished cost at the finished tasks' CPU seconds per cost unit.
 * Receipts come from runTask: 'started', then 'done' with CPU seconds, or 'failed' with the error's first line.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lockFileOf } from '../../../src/lock';
import { makePlan, Task, writePlan } from '../../../src/studies/tasks/plan';
import { readReceipt, receiptPath, runTask } from '../../../src/studies/tasks/receipts';
import { formatSeconds, formatStatus, runStatus } from '../../../src/studies/tasks/status';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'status-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const root = path.resolve(__dirname, '../../..');

const task = (id: string, cost: number): Task => ({
  id,
  hash: `h-${id}`,
  cost,
  label: `task ${id}`,
  result: `out/${id}.json`,
  hashKey: 'taskHash',
  lock: `out/${id}.json.lock`,
});
const deadPid = () =>
  Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
const receipt = (dir: string, t: Task, extra: object) =>
  fs.writeFileSync(
    receiptPath(dir, t.id),
    JSON.stringify({
      schema: 'plateau.task-receipt/1',
      id: t.id,
      hash: t.hash,
      host: os.hostname(),
      pid: process.pid,
      log: null,
      started: 'then',
      ...extra,
    }),
  );

test('each state from the files, with logs, and the CPU time left', async () => {
  const dir = path.join(tmp, 'run');
  const [done1, done2, running, failed, killed, interrupted, missing, stale] = [
    ['a', 10],
    ['b', 30],
    ['c', 50],
    ['d', 20],
    ['e', 40],
    ['f', 60],
    ['g', 25],
    ['h', 15],
  ].map(([id, c]) => task(id as string, c as number));
  const plan = makePlan('scan', 'scan-test', 'scan-spec.json', [
    done1,
    done2,
    running,
    failed,
    killed,
    interrupted,
    missing,
    stale,
  ]);
  fs.mkdirSync(path.join(dir, 'out'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'status'), { recursive: true });
  writePlan(dir, plan);
  for (const t of [done1, done2]) fs.writeFileSync(path.join(dir, t.result), JSON.stringify({ taskHash: t.hash }));
  fs.writeFileSync(path.join(dir, stale.result), JSON.stringify({ taskHash: 'another spec' }));
  receipt(dir, done1, { state: 'done', cpuSeconds: 2, log: '/logs/slurm-1_0.out' });
  receipt(dir, done2, { state: 'done', cpuSeconds: 6 });
  const lock = lockFileOf(path.join(dir, running.result), 'scan task');
  receipt(dir, failed, { state: 'failed', error: 'NumericalError: NaN loss at step 3', log: '/logs/slurm-1_3.out' });
  receipt(dir, killed, { state: 'started', pid: deadPid(), log: '/logs/slurm-1_4.out' });
  receipt(dir, interrupted, { state: 'interrupted' });
  try {
    const s = runStatus(dir);
    expect(s.counts).toEqual({ done: 2, running: 1, failed: 2, missing: 3 });
    const by = Object.fromEntries(s.tasks.map((t) => [t.id, t]));
    expect(by.c.detail).toMatch(new RegExp(`^process ${process.pid} \\(`));
    expect(by.d).toMatchObject({
      state: 'failed',
      detail: 'NumericalError: NaN loss at step 3',
      log: '/logs/slurm-1_3.out',
    });
    expect(by.e).toMatchObject({ state: 'failed', log: '/logs/slurm-1_4.out' });
    expect(by.e.detail).toMatch(/^stopped before finishing \(killed, cancelled or out of time\) on /);
    expect(by.f).toMatchObject({ state: 'missing', detail: 'interrupted; resumes from its checkpoint' });
    expect(by.h.state).toBe('missing');
    // 8 CPU s over 40 cost units; 210 units left
    expect(s.cpuDone).toBe(8);
    expect(s.cpuLeft).toBeCloseTo((8 / 40) * 210, 10);
    const text = formatStatus(s);
    expect(text).toContain('done 2, running 1, failed 2, missing 3');
    expect(text).toContain('d (task d): NumericalError: NaN loss at step 3\n    log: /logs/slurm-1_3.out');
    expect(text).toContain('    log: /logs/slurm-1_4.out');
    expect(text).toContain('CPU time: 8.0 s spent on finished tasks; estimated 42.0 s left');
    expect(text).not.toContain('missing:');
    expect(formatStatus(s, { all: true })).toContain(
      'missing:\n  f (task f): interrupted; resumes from its checkpoint\n  g (task g)\n  h (task h)',
    );
  } finally {
    lock.release();
  }
  expect(runStatus(dir).counts.running).toBe(0);
});

test('runTask records started, then done with CPU seconds or failed with the first line of the error', async () => {
  const dir = path.join(tmp, 'receipts'),
    t = task('x', 1);
  const seen: string[] = [];
  const v = await runTask(dir, t, () => {
    seen.push(readReceipt(dir, t)!.state);
    let s = 0;
    for (let i = 0; i < 2e6; i++) s += Math.sqrt(i);
    return s;
  });
  expect(v).toBeGreaterThan(0);
  expect(seen).toEqual(['started']);
  expect(readReceipt(dir, t)).toMatchObject({
    state: 'done',
    pid: process.pid,
    cpuSeconds: expect.any(Number),
    wallSeconds: expect.any(Number),
  });
  expect(readReceipt(dir, t)!.cpuSeconds).toBeGreaterThan(0);
  await expect(runTask(dir, t, () => Promise.reject(new Error('out of memory\n  at stack')))).rejects.toThrow(
    'out of memory',
  );
  expect(readReceipt(dir, t)).toMatchObject({ state: 'failed', error: 'out of memory' });
  expect(readReceipt(dir, { id: 'x', hash: 'other' })).toBeNull();
  await runTask(
    dir,
    t,
    () => ({ status: 'interrupted' }),
    (r) => r.status === 'interrupted',
  );
  expect(readReceipt(dir, t)!.state).toBe('interrupted');
});

test('plateau status on a folder without a plan: one line, exit 2', () => {
  const r = spawnSync(path.join(root, 'node_modules/.bin/tsx'), ['scripts/status.ts', tmp], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe(
    `error: ${tmp}: no plan.json there: not a plateau scan or comparison folder (or one written before plans existed)`,
  );
  expect([formatSeconds(12.34), formatSeconds(185), formatSeconds(3725)]).toEqual([
    '12.3 s',
    '3 min 05 s',
    '1 h 02 min',
  ]);
});
