/**
 * `plateau compare` as a session: spec (file or preset, --set overrides, --seed) → the resolved spec and the task
 * list (compare-spec.json, plan.json) in the comparison folder, then one of: write the batch files (SLURM, HTCondor:
 * studies/tasks/batch.ts); train the (job's) runs in this process or in K forked workers, with a line per finished run
 * on stderr and SIGINT/SIGTERM → checkpoint the runs in flight (a second signal exits at once); write the report —
 * only from the whole grid, unless --partial asks for the finished runs alone. The worker entry is the CLI script
 * itself (`--worker`), so the offline bundle works the same way.
 */
import { fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../../errors';
import { LOCK_FILE } from '../../lock';
import { claimOutputDir, prepareOutputDir } from '../../outputDir';
import { exitCodeOf, stopOnSignals } from '../../signals';
import { initBackend } from '../../backend/backend';
import { applyOverrides } from '../../config/overrides';
import { parseNumber } from '../../cli';
import { writeFileAtomic } from '../../fsutil';
import { BatchRequest, resolveBatch, submitInstructions, writeBatchFiles } from '../tasks/batch';
import { jobTasks, parseShard, writePlan } from '../tasks/plan';
import { ComparePlan, planComparison } from './grid';
import { readRunSummary } from './run';
import { writeCompareReport } from './report';
import { runComparison, RunnerResult } from './runner';
import { estimateGridCost, formatDuration, GridCost } from './cost';
import { parseCompareSpec, readCompareInput } from './spec';
import { COMPARE_SPEC_FILE, comparePlan, compareTasks } from './tasks';
import { executionPolicy, policyEnv } from '../../execution';

export interface CompareSessionOptions {
  config?: string;
  preset?: string;
  set: string[];
  seed?: string;
  out?: string;
  shard?: string;
  workers?: string;
  /** Write the batch files instead of training. */
  batch?: { systems: ('slurm' | 'condor')[]; request: BatchRequest } | null;
  onlyReport?: boolean;
  /** Report from the finished runs when some are missing. */
  partial?: boolean;
  report?: boolean;
  backend?: string;
  quiet?: boolean;
  /** Move a non-empty --out folder that is not a comparison aside instead of refusing. */
  force?: boolean;
  /** The script to fork for workers (the CLI passes its own file). */
  workerEntry: string;
}

export interface CompareSessionResult {
  plan: ComparePlan;
  run: RunnerResult | null;
  table: string | null;
  /** How to submit the batch files, when they were written. */
  batchText: string | null;
  /** 0 ok, 1 some runs failed, 130/143 interrupted (SIGINT/SIGTERM). */
  exitCode: number;
}

/** The files and folders a comparison writes at the top of its folder: a folder holding only these is one. */
const COMPARE_ENTRIES =
  /^(runs|status|batch|plan\.json|compare-spec\.json|slurm|compare\.sbatch|report\.(json|md)|runs\.csv|summary\.csv|[\w.-]+\.(png|svg))$/;

/** True for a folder that an earlier comparison wrote (and that this one may reuse). */
export function isCompareDir(dir: string): boolean {
  const entries = fs.readdirSync(dir).filter((f) => f !== LOCK_FILE);
  return (
    ['runs', 'report.json', 'plan.json', 'compare.sbatch'].some((f) => entries.includes(f)) &&
    entries.every((f) => COMPARE_ENTRIES.test(f))
  );
}

/** "grid: 1080 runs, 1080 to train; estimated CPU time ≈ 41 h 10 min (…); with 2 workers ≈ 20 h 35 min wall". */
function costLine(c: GridCost, parallel: number): string {
  const cells = Object.values(c.msPerStep),
    range = cells.length
      ? `${Math.min(...cells)}–${Math.max(...cells)} ms per update over ${cells.length} cells`
      : 'nothing to time';
  const wall =
    parallel > 1
      ? `; with ${parallel} in parallel ≈ ${formatDuration(c.cpuSeconds / Math.min(parallel, c.todo))} wall`
      : '';
  return `grid: ${c.runs} runs, ${c.todo} to train; estimated CPU time ≈ ${formatDuration(c.cpuSeconds)} (timed here: ${range})${wall}`;
}

/** `--workers K`: an integer ≥ 1 (default 1). */
function workersOption(v: string | undefined): number {
  if (v === undefined) return 1;
  return parseNumber(v, '--workers', 1, true, 256);
}

export async function runCompareSession(o: CompareSessionOptions): Promise<CompareSessionResult> {
  const { raw, file } = readCompareInput(o);
  if (o.out !== undefined && o.out.trim() === '') throw new ConfigError('--out: empty path');
  const sets = [...(o.seed !== undefined ? [`seed=${o.seed}`] : []), ...(o.out ? [`out=${o.out}`] : []), ...o.set];
  const resolved = applyOverrides(raw, sets);
  const plan = planComparison(parseCompareSpec(resolved, file), { where: file });
  const log = (s: string) => (o.quiet ? undefined : process.stderr.write(`${s}\n`));
  // every job of the grid reads this one resolved spec (overrides applied, the folder absolute)
  const writeSpecAndPlan = () => {
    const specFile = path.join(plan.outDir, COMPARE_SPEC_FILE),
      text = `${JSON.stringify({ ...(resolved as object), out: plan.outDir }, null, 2)}\n`;
    if (!fs.existsSync(specFile) || fs.readFileSync(specFile, 'utf8') !== text) writeFileAtomic(specFile, text);
    writePlan(plan.outDir, comparePlan(plan));
  };
  if (o.batch) {
    const specFile = path.join(plan.outDir, COMPARE_SPEC_FILE),
      backend = o.backend ? ['--backend', o.backend] : [];
    await initBackend(o.backend || executionPolicy().backend, { quiet: true });
    const cost = await estimateGridCost(plan.runs, plan.baseDir);
    log(costLine(cost, plan.runs.length));
    const batch = resolveBatch(
      {
        plan: comparePlan(plan),
        runDir: plan.outDir,
        workdir: process.cwd(),
        command: ['compare', '--config', specFile, '--no-report', '--quiet', ...backend],
        merge: ['compare', '--config', specFile, '--only-report'],
        status: ['status', plan.outDir],
      },
      o.batch.request,
    );
    prepareOutputDir(plan.outDir, { what: 'comparison folder', ownedBy: isCompareDir, force: o.force });
    writeSpecAndPlan();
    const files = writeBatchFiles(batch);
    return { plan, run: null, table: null, batchText: submitInstructions(batch, files, o.batch.systems), exitCode: 0 };
  }
  let run: RunnerResult | null = null,
    exitCode = 0;
  if (!o.onlyReport) {
    const shard = o.shard ? parseShard(o.shard) : undefined,
      workers = workersOption(o.workers);
    const backendName = o.backend || executionPolicy().backend;
    // Shards of one grid share the folder on purpose (each run folder has its own lock); a whole-grid run owns it.
    const claim = { what: 'comparison folder', ownedBy: isCompareDir, force: o.force };
    const claimed = shard
      ? { state: prepareOutputDir(plan.outDir, claim), lock: null }
      : claimOutputDir(plan.outDir, claim);
    if (claimed.state.kind === 'moved') log(`moved the folder that was at ${plan.outDir} aside to ${claimed.state.to}`);
    const lock = claimed.lock;
    writeSpecAndPlan();
    const backend = await initBackend(backendName, { quiet: workers > 1 });
    if (workers <= 1) log(`backend ${backend.backend} (${backend.device})`);
    const cost = await estimateGridCost(
      jobTasks(compareTasks(plan), shard).map((t) => t.run),
      plan.baseDir,
    );
    if (cost.todo > 0) log(costLine(cost, workers));
    const stop = stopOnSignals((sig) => log(`\n${sig}: checkpointing the runs in flight (again to exit at once)`));
    try {
      run = await runComparison(plan, {
        shard,
        workers,
        backend: workers <= 1 ? backend : undefined,
        shouldStop: () => stop.signal !== null,
        spawnWorker: () =>
          fork(o.workerEntry, ['--worker'], {
            env: {
              ...process.env,
              ...policyEnv(),
              PLATEAU_THREADS: process.env.PLATEAU_THREADS ?? '1',
              PLATEAU_BACKEND: backendName,
            },
          }),
        onEvent: (e) => {
          if (e.kind === 'done')
            log(
              `[${e.settled}/${e.total}] ${e.outcome!.status} ${e.id} (${e.outcome!.step} steps, ${e.outcome!.seconds.toFixed(1)} s)`,
            );
          if (e.kind === 'failed') log(`[${e.settled}/${e.total}] FAILED ${e.id}: ${e.error}`);
        },
      });
    } finally {
      stop.dispose();
      lock?.release();
    }
    log(
      `${run.selected} runs${shard ? ` in shard ${shard.index}/${shard.count}` : ''}: ${run.trained} trained, ${run.reused} reused, ${run.interrupted} interrupted, ${run.failed.length} failed (${run.seconds.toFixed(1)} s)`,
    );
    exitCode = stop.signal ? exitCodeOf(stop.signal) : run.interrupted > 0 ? 130 : run.failed.length ? 1 : 0;
  }
  // a job reports only when asked (--only-report after all jobs): its own runs are a fraction of the grid
  const report = o.onlyReport || (o.report !== false && !o.shard && exitCode < 128);
  if (!report) return { plan, run, table: null, batchText: null, exitCode };
  const missing = plan.runs.filter((r) => !readRunSummary(r)).map((r) => r.id);
  if (missing.length && !o.partial) {
    const why = `${missing.length} of ${plan.runs.length} runs have not finished (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', …' : ''}); plateau status ${plan.outDir} shows which failed and their logs; add --partial to report the finished ones`;
    if (o.onlyReport) throw new ConfigError(`--only-report: ${why}`);
    log(`no report: ${why}`);
    return { plan, run, table: null, batchText: null, exitCode: exitCode || 1 };
  }
  if (missing.length) log(`PARTIAL report: ${missing.length} of ${plan.runs.length} runs missing`);
  return { plan, run, table: (await writeCompareReport(plan)).table, batchText: null, exitCode };
}
