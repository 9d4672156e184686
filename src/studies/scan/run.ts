/**
 * What `plateau scan` does, as a library: assemble the spec (preset ← JSON spec file ← explicit flags), write the
 * resolved spec and the task list (tasks.ts) into --out, then one of
 *  - one job (`--shard i/N`): compute the job's tasks that have no result yet, nothing else (cluster jobs);
 *  - the whole scan in this process, or in K worker processes (`--workers K`), then merge + outputs;
 *  - `--merge [DIR]`: merge the task files into the outputs (refusing missing tasks unless `--partial`);
 *  - batch files for SLURM and HTCondor (studies/tasks/batch.ts).
 * Every route writes the same task files, and the outputs are a function of them, so every route writes the same
 * scan.json.
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BackendReport, initBackend } from '../../backend/backend';
import { ConfigError } from '../../errors';
import { readJsonFile, readJsonObject, writeJsonAtomic } from '../../fsutil';
import { claimOutputDir, prepareOutputDir } from '../../outputDir';
import { Batch, BatchRequest, resolveBatch, submitInstructions, writeBatchFiles } from '../tasks/batch';
import { jobTasks, Shard, writePlan } from '../tasks/plan';
import { errorText, runPool, serveTasks } from '../tasks/pool';
import { getPreset } from './presets';
import { createProgress } from '../../report/progress';
import { estimateScan, formatScanEstimate } from './estimate';
import { writeScanOutputs } from './report';
import { mergeTasks, reusableTask, runScanTasks } from './shards';
import { checkScanMemory } from './memory';
import { ScanSpec, resolveScanSpec, specFromFlags, specHash } from './spec';
import { ScanTask, scanPlan, scanTasks, SPEC_FILE } from './tasks';
import { executionPolicy, policyEnv } from '../../execution';

export type SpecFlags = Parameters<typeof specFromFlags>[0];

/** preset defaults ← spec file ← explicit flags, validated. */
export function buildScanSpec(o: { preset?: string; full?: boolean; specFile?: string; flags: SpecFlags }): ScanSpec {
  let raw: Record<string, unknown> = {};
  if (o.preset) raw = { ...getPreset(o.preset).spec(!!o.full), preset: o.preset };
  else if (o.full) throw new ConfigError('--full: only meaningful with --preset');
  let where = o.preset ? `preset ${o.preset}` : 'command line';
  if (o.specFile) {
    raw = { ...raw, ...readJsonObject(o.specFile, 'a scan spec') };
    where = o.specFile;
  }
  const flags = specFromFlags(o.flags);
  if (Object.keys(flags).length) where = 'command line';
  raw = { ...raw, ...flags };
  if (raw.losses === undefined || raw.qubits === undefined)
    throw new ConfigError(
      `${where}: a scan needs losses and qubits (give --preset NAME, --spec FILE, or --losses and --qubits)`,
    );
  try {
    return resolveScanSpec(raw, where);
  } catch (e) {
    // name the flag, not the spec key: "command line.datasets.1: …" → "--datasets item 2: …", and a schema's issue
    // (zodConfigError: "command line: draws: Too small …", "command line: iqp.edgeProbability: …") → "--draws: …"
    if (!(e instanceof ConfigError) || where !== 'command line') throw e;
    const flag = (k: string, i?: string) =>
      `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}${i === undefined ? '' : ` item ${Number(i) + 1}`}`;
    throw new ConfigError(
      e.message
        .replace(/command line: (?:iqp\.)?(\w+)(?:\.(\d+))?:/g, (_m, k: string, i?: string) => `${flag(k, i)}:`)
        .replace(/command line\.(\w+)(?:\.(\d+))?/g, (_m, k: string, i?: string) => flag(k, i)),
    );
  }
}

/** True for a folder an earlier scan wrote (its tasks or its outputs), which a rerun reuses. */
export function isScanDir(dir: string): boolean {
  return ['tasks', 'scan.json', SPEC_FILE].some((f) => fs.existsSync(path.join(dir, f)));
}

const claimPolicy = (force?: boolean) => ({ what: 'scan folder', ownedBy: isScanDir, force });

/** Writes the resolved spec and plan.json into `out` (every route: jobs, status and merge read them). */
function writeSpecAndPlan(spec: ScanSpec, out: string): void {
  const file = path.join(out, SPEC_FILE);
  const text = `${JSON.stringify(spec, null, 2)}\n`;
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) writeJsonAtomic(file, spec);
  writePlan(out, scanPlan(spec));
}

export interface ScanRunOptions {
  out: string;
  backend: BackendReport;
  /** One job of N: compute its tasks, no merge. */
  shard?: Shard;
  workers?: number;
  fresh?: boolean;
  quiet?: boolean;
  /** Move a non-empty --out folder that is not a scan aside instead of refusing. */
  force?: boolean;
  /** For --workers: the CLI script the children run (with --worker). */
  script?: string;
}

/** Payload of one task sent to a worker process. */
interface WorkerTask {
  spec: ScanSpec;
  out: string;
  fresh: boolean;
}

/** Runs a scan by one of the routes above; returns the text to print. */
export async function runScan(spec: ScanSpec, o: ScanRunOptions): Promise<string> {
  const t0 = performance.now(),
    hash = specHash(spec),
    tasks = scanTasks(spec);
  checkScanMemory(spec, o.shard ? 1 : (o.workers ?? 1)); // before any folder, task or state is made
  if (o.shard) {
    // Jobs of one scan share the folder on purpose; each task file has its own lock.
    prepareOutputDir(o.out, claimPolicy(o.force));
    writeSpecAndPlan(spec, o.out);
    const mine = jobTasks(tasks, o.shard);
    const r = await runScanTasks(spec, mine, {
      out: o.out,
      backend: o.backend,
      fresh: o.fresh,
      tick: progressTick(mine, o.quiet),
      keepGoing: true,
    });
    if (r.failed.length) {
      // every failure in the job's log; the first one decides the exit (one line for a PlateauError, else its stack)
      for (const f of r.failed) process.stderr.write(`task ${f.id} failed: ${errorText(f.error).split('\n')[0]}\n`);
      process.stderr.write(
        `job ${o.shard.index}/${o.shard.count}: ${r.computed.length} computed, ${r.reused.length} reused, ${r.failed.length} failed\n`,
      );
      throw r.failed[0].error;
    }
    return `job ${o.shard.index}/${o.shard.count} of scan ${hash}: ${r.computed.length} task${r.computed.length === 1 ? '' : 's'} computed, ${r.reused.length} reused\nmerge when every job is done: plateau scan:merge ${o.out}`;
  }
  const workers = o.workers ?? 1;
  if (!(Number.isInteger(workers) && workers >= 1))
    throw new ConfigError(`--workers: expected an integer ≥ 1, got ${workers}`);
  const { lock, state } = claimOutputDir(o.out, claimPolicy(o.force));
  if (state.kind === 'moved') process.stderr.write(`moved the folder that was at ${o.out} aside to ${state.to}\n`);
  if (!o.quiet) process.stderr.write(`${formatScanEstimate(estimateScan(spec, tasks, o.out, o.fresh), workers)}\n`);
  const progress = createProgress(
    tasks.reduce((s, t) => s + t.cost, 0),
    { quiet: o.quiet },
  );
  try {
    writeSpecAndPlan(spec, o.out);
    if (workers > 1) await runWithWorkers(spec, tasks, o, workers, (u, l) => progress.tick(u, l));
    else
      await runScanTasks(spec, tasks, {
        out: o.out,
        backend: o.backend,
        fresh: o.fresh,
        tick: (u, l) => progress.tick(u, l),
      });
  } finally {
    progress.stop();
    lock.release();
  }
  return mergeAndWrite(o.out, { workers, seconds: (performance.now() - t0) / 1000 });
}

function progressTick(tasks: ScanTask[], quiet?: boolean) {
  const bar = createProgress(
    tasks.reduce((s, t) => s + t.cost, 0),
    { quiet },
  );
  process.on('exit', () => bar.stop());
  return (u: number, l?: string) => bar.tick(u, l);
}

/** The tasks without a result, in K child processes (the CLI script with --worker, PLATEAU_THREADS=1 each). */
async function runWithWorkers(
  spec: ScanSpec,
  tasks: ScanTask[],
  o: ScanRunOptions,
  workers: number,
  tick: (u: number, l?: string) => void,
): Promise<void> {
  if (!o.script) throw new ConfigError('--workers: no script to run in the child processes');
  const todo = tasks.filter((t) => o.fresh || !reusableTask(o.out, t));
  for (const t of tasks) if (!todo.includes(t)) tick(t.cost, `${t.id} reused`);
  const failures: string[] = [];
  await runPool<WorkerTask, null>(
    todo.map((t) => ({ id: t.id, payload: { spec, out: o.out, fresh: !!o.fresh } })),
    {
      workers,
      spawn: () =>
        fork(o.script!, ['--worker'], {
          env: { ...process.env, ...policyEnv(), PLATEAU_THREADS: '1', PLATEAU_BACKEND: o.backend.backend },
          stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        }),
      onProgress: tick,
      onSettle: (id, _outcome, error) => {
        if (error !== undefined) failures.push(`${id}: ${error.split('\n')[0]}`);
      },
    },
  );
  if (failures.length)
    throw new ConfigError(
      `--workers: task ${failures[0]}${failures.length > 1 ? ` (and ${failures.length - 1} more failed)` : ''}; plateau status ${o.out} lists them`,
    );
}

/** The child side of --workers: computes the tasks the parent sends (each under its lock, with receipts). */
export async function scanWorker(): Promise<void> {
  let backend: BackendReport;
  const cache = new Map<string, ScanTask[]>();
  await serveTasks<WorkerTask, null>(
    async (id, p, ctx) => {
      const h = specHash(p.spec);
      if (!cache.has(h)) cache.set(h, scanTasks(p.spec));
      const task = cache.get(h)!.find((t) => t.id === id);
      if (!task) throw new ConfigError(`worker: task ${id} is not in scan ${h}`);
      await runScanTasks(p.spec, [task], { out: p.out, backend, fresh: p.fresh, tick: (u, l) => ctx.progress(u, l) });
      return null;
    },
    { init: async () => void (backend = await initBackend(executionPolicy().backend)), catchSignals: false },
  );
}

/** Merges the task files of the scan in `dir` (its scan-spec.json) into the outputs there; returns the table. */
export async function mergeAndWrite(
  dir: string,
  timing: Record<string, unknown> = {},
  o: { partial?: boolean } = {},
): Promise<string> {
  const specFile = path.join(dir, SPEC_FILE);
  if (!fs.existsSync(specFile)) {
    const why =
      fs.existsSync(dir) && fs.statSync(dir).isFile()
        ? 'is a file: give the scan folder (it holds scan-spec.json and tasks/)'
        : `holds no ${SPEC_FILE}: not a scan folder`;
    throw new ConfigError(`merge: ${dir} ${why}`);
  }
  const spec = resolveScanSpec(readJsonFile(specFile), specFile);
  const merged = mergeTasks(dir, spec, o);
  prepareOutputDir(dir, claimPolicy());
  const missing = merged.missing ?? [];
  const partial = missing.length ? { partial: { missing } } : {};
  const r = await writeScanOutputs(merged, dir, {
    ...timing,
    ...partial,
    computeSeconds: merged.shards.reduce((s, x) => s + x.timing.seconds, 0),
  });
  const note = missing.length
    ? `\nPARTIAL: ${missing.length} of ${merged.points.length + missing.length} points missing (listed in timing.json)`
    : '';
  return `${r.table}\nfiles: ${r.files.map((f) => path.relative(process.cwd(), f) || f).join(', ')}${note}`;
}

/** Writes the spec, plan and batch files for SLURM and HTCondor; returns how to submit them. */
export function writeScanBatch(
  spec: ScanSpec,
  out: string,
  req: BatchRequest,
  systems: ('slurm' | 'condor')[],
  o: { backend?: string; force?: boolean } = {},
): { batch: Batch; files: Record<string, string>; text: string } {
  const runDir = path.resolve(out),
    specFile = path.join(runDir, SPEC_FILE);
  const backend = o.backend && o.backend !== 'auto' ? ['--backend', o.backend] : [];
  const batch = resolveBatch(
    {
      plan: scanPlan(spec),
      runDir,
      workdir: process.cwd(),
      command: ['scan', '--spec', specFile, '--out', runDir, '--quiet', ...backend],
      merge: ['scan', '--merge', runDir],
      status: ['status', runDir],
    },
    req,
  );
  prepareOutputDir(out, claimPolicy(o.force));
  writeSpecAndPlan(spec, runDir);
  const files = writeBatchFiles(batch);
  return { batch, files, text: submitInstructions(batch, files, systems) };
}
