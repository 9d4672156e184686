/**
 * Scan tasks: one run and the merge of 3 separately run jobs write byte-identical scan.json / scan.csv / fits.csv /
 * plots; a point's file is reused by any scan holding the same point (extending the qubit list computes only the new
 * points), --fresh recomputes; merges of incomplete or mixed-backend task sets are refused with one line, and
 * --partial merges what finished, saying what is missing.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackendReport, initBackend } from '../../../src/backend/backend';
import { ConfigError } from '../../../src/errors';
import { writeJsonAtomic } from '../../../src/fsutil';
import { mergeAndWrite, runScan } from '../../../src/studies/scan/run';
import { mergeTasks, runScanTasks } from '../../../src/studies/scan/shards';
import { resolveScanSpec } from '../../../src/studies/scan/spec';
import { pointHash, scanPlan, scanTasks, SPEC_FILE } from '../../../src/studies/scan/tasks';
import { lockFileOf } from '../../../src/lock';
import { jobTasks } from '../../../src/studies/tasks/plan';
import { readReceipt } from '../../../src/studies/tasks/receipts';

let backend: BackendReport;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'scan-tasks-'));
const spec = resolveScanSpec({
  losses: ['mmd(n/4)', 'kl', 'zz'],
  qubits: [2, 3, 4],
  depths: [1, 'haar'],
  draws: 12,
  shots: ['exact', 30],
  bootstrap: 20,
  datasets: ['ghz', 'random:n'],
});

beforeAll(async () => {
  backend = await initBackend('cpu');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const OUTPUTS = [
  'scan.json',
  'scan.csv',
  'fits.csv',
  'gradient-variance.svg',
  'loss-variance.svg',
  'loss-variance.png',
];
const errorOf = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
};

test('three jobs, run separately in any order and merged, give byte-identical outputs to one run', async () => {
  const one = path.join(tmp, 'one'),
    three = path.join(tmp, 'three');
  await runScan(spec, { out: one, backend, quiet: true });
  const tasks = scanTasks(spec);
  for (const i of [2, 0, 1]) await runScanTasks(spec, jobTasks(tasks, { index: i, count: 3 }), { out: three, backend });
  writeJsonAtomic(path.join(three, SPEC_FILE), spec);
  const table = await mergeAndWrite(three);
  for (const f of OUTPUTS)
    expect(fs.readFileSync(path.join(three, f)).equals(fs.readFileSync(path.join(one, f)))).toBe(true);
  expect(table).toContain('verdicts:');
  const doc = JSON.parse(fs.readFileSync(path.join(one, 'scan.json'), 'utf8'));
  expect(doc.points).toHaveLength(6);
  expect(doc.points[0].entries).toHaveLength(2 * 2 * 2 + 2); // (mmd, kl) × 2 datasets × 2 shot settings + zz × 2
  // every task has a 'done' receipt with its CPU time; the plan lists the same ids
  for (const t of tasks) expect(readReceipt(three, t)).toMatchObject({ state: 'done', cpuSeconds: expect.any(Number) });
  expect(
    JSON.parse(fs.readFileSync(path.join(one, 'plan.json'), 'utf8')).tasks.map((t: { id: string }) => t.id),
  ).toEqual(tasks.map((t) => t.id));
});

test('a point is content-addressed: reused by a scan with more qubits, not by one with other draws; --fresh recomputes', async () => {
  const out = path.join(tmp, 'extend');
  const first = await runScanTasks(spec, scanTasks(spec), { out, backend });
  expect(first.computed).toHaveLength(6);
  const wider = resolveScanSpec({ ...spec, qubits: [2, 3, 4, 5], preset: null });
  const second = await runScanTasks(wider, scanTasks(wider), { out, backend });
  expect(second.reused.sort()).toEqual(first.computed.sort());
  expect(second.computed.map((id) => id.split('-')[0])).toEqual(['n5', 'n5']);
  const p = scanTasks(spec)[0].point;
  expect(pointHash(wider, p)).toBe(pointHash(spec, p));
  expect(pointHash(resolveScanSpec({ ...spec, draws: 13 }), p)).not.toBe(pointHash(spec, p));
  expect(pointHash(resolveScanSpec({ ...spec, seed: 2 }), p)).not.toBe(pointHash(spec, p));
  const fresh = await runScanTasks(spec, scanTasks(spec).slice(0, 1), { out, backend, fresh: true });
  expect(fresh.computed).toHaveLength(1);
  // the merged points of the wider scan carry the wider scan's positions
  expect(mergeTasks(out, wider).points.map((q) => [q.index, q.n])).toEqual([
    [0, 2],
    [1, 2],
    [2, 3],
    [3, 3],
    [4, 4],
    [5, 4],
    [6, 5],
    [7, 5],
  ]);
});

test('merging refuses missing and mixed-backend tasks with one line; --partial merges what finished', async () => {
  const out = path.join(tmp, 'refuse'),
    tasks = scanTasks(spec);
  expect(errorOf(() => mergeTasks(out, spec)).message).toMatch(
    /^merge: no task of this scan has finished in .*refuse yet/,
  );
  await runScanTasks(spec, tasks.slice(0, 4), { out, backend });
  const missing = errorOf(() => mergeTasks(out, spec));
  expect(missing).toBeInstanceOf(ConfigError);
  expect(missing.message).toBe(
    `merge: 2 of 6 tasks have no result in ${out} (${tasks[4].id}, ${tasks[5].id}); plateau status ${out} shows which failed and their logs; rerun or resubmit (finished tasks are skipped), or add --partial to merge the 4 that finished`,
  );
  const partial = mergeTasks(out, spec, { partial: true });
  expect(partial.points.map((p) => p.index)).toEqual([0, 1, 2, 3]);
  expect(partial.missing).toEqual([tasks[4].id, tasks[5].id]);
  writeJsonAtomic(path.join(out, SPEC_FILE), spec);
  const text = await mergeAndWrite(out, {}, { partial: true });
  expect(text).toMatch(/PARTIAL: 2 of 6 points missing/);
  expect(JSON.parse(fs.readFileSync(path.join(out, 'timing.json'), 'utf8')).partial).toEqual({
    missing: [tasks[4].id, tasks[5].id],
  });

  await runScanTasks(spec, tasks.slice(4), { out, backend });
  const f = path.join(out, tasks[5].result),
    wasm = JSON.parse(fs.readFileSync(f, 'utf8'));
  writeJsonAtomic(f, { ...wasm, backend: { ...wasm.backend, backend: 'wasm' } });
  expect(errorOf(() => mergeTasks(out, spec)).message).toBe(
    `merge: task ${tasks[5].id} ran on backend wasm but ${tasks[0].id} on cpu: the numbers would differ from one run; rerun on one backend (--backend, then --fresh)`,
  );
  // a task file edited to another point is not this task's result
  writeJsonAtomic(f, { ...wasm, point: { ...wasm.point, n: 9 } });
  expect(errorOf(() => mergeTasks(out, spec)).message).toMatch(/^merge: 1 of 6 tasks have no result/);
  await expect(mergeAndWrite(path.join(tmp, 'nothing'))).rejects.toThrow(
    `merge: ${path.join(tmp, 'nothing')} holds no scan-spec.json: not a scan folder`,
  );
});

test('a task another process holds is never computed twice; a job goes on with its other tasks (keepGoing)', async () => {
  const out = path.join(tmp, 'busy'),
    tasks = scanTasks(spec).slice(0, 3);
  const held = lockFileOf(path.join(out, tasks[1].result), 'scan task');
  try {
    await expect(runScanTasks(spec, tasks, { out, backend })).rejects.toThrow(/^scan task .* is in use by process \d+/);
    const r = await runScanTasks(spec, tasks, { out, backend, keepGoing: true });
    expect(r.computed).toEqual([tasks[2].id]);
    expect(r.reused).toEqual([tasks[0].id]);
    expect(r.failed.map((f) => f.id)).toEqual([tasks[1].id]);
    expect(fs.existsSync(path.join(out, tasks[1].result))).toBe(false);
  } finally {
    held.release();
  }
});

test('the plan: ids are file-safe names with the depth and the hash; costs grow with n', () => {
  const plan = scanPlan(spec);
  expect(plan.tasks.map((t) => t.id.replace(/-[0-9a-f]{10}$/, ''))).toEqual([
    'n2-L1',
    'n2-haar',
    'n3-L1',
    'n3-haar',
    'n4-L1',
    'n4-haar',
  ]);
  expect(plan.tasks[0]).toMatchObject({
    result: `tasks/${plan.tasks[0].id}.json`,
    hashKey: 'taskHash',
    lock: `tasks/${plan.tasks[0].id}.json.lock`,
  });
  expect(plan.tasks[4].cost).toBeGreaterThan(plan.tasks[2].cost);
  expect(plan.name).toMatch(/^scan-[0-9a-f]{8}$/);
});
