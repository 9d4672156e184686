/**
 * Local scale-out: N shards run as child processes, at most K at a time, each exactly what a cluster task would run
 * (`<script> --spec <out>/scan-spec.json --shard i/N --out <out> --quiet`), then the parent merges their files. The
 * children get PLATEAU_THREADS=1 because the CPU engine would otherwise start its own worker threads in each of them
 * (K processes × all cores oversubscribes the machine). Shards whose file already matches the spec are not rerun.
 * Children report finished work over the IPC channel, so the parent's progress bar covers all of them.
 */
import { fork } from 'child_process';
import { ConfigError, PlateauError } from '../../errors';
import { Progress } from './progress';
import { reusableShard, shardCost, shardPath } from './shards';
import { ScanSpec, specHash } from './spec';

export interface WorkerOptions {
  /** The CLI script the children run (scripts/scan.ts). */
  script: string;
  specFile: string;
  out: string;
  workers: number;
  shards: number;
  /** Extra flags for every child (e.g. --backend cpu). */
  childArgs: string[];
  fresh?: boolean;
  progress: Progress;
}

/** One message a child sends: finished cost units and what it is doing. */
export interface ProgressMessage {
  plateauScanProgress: true;
  units: number;
  label?: string;
}

/** Runs every shard not yet on disk in child processes; resolves when all succeeded, rejects with the first failure. */
export async function runShardProcesses(spec: ScanSpec, o: WorkerOptions): Promise<{ computed: number[]; reused: number[] }> {
  const hash = specHash(spec), N = o.shards;
  const todo: number[] = [], reused: number[] = [];
  for (let i = 0; i < N; i++) {
    const id = { index: i, count: N };
    if (!o.fresh && reusableShard(shardPath(o.out, id), hash, id)) {
      reused.push(i);
      o.progress.tick(shardCost(spec, id), `shard ${i}/${N} reused`);
    } else todo.push(i);
  }
  const failures: string[] = [];
  const runOne = (i: number) =>
    new Promise<void>((resolve) => {
      const args = ['--spec', o.specFile, '--shard', `${i}/${N}`, '--out', o.out, '--quiet', ...(o.fresh ? ['--fresh'] : []), ...o.childArgs];
      const child = fork(o.script, args, { execArgv: process.execArgv, env: { ...process.env, PLATEAU_THREADS: '1', PLATEAU_SCAN_CHILD: '1' }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('message', (m: ProgressMessage) => {
        if (m && m.plateauScanProgress) o.progress.tick(m.units, `shard ${i}/${N}: ${m.label ?? ''}`);
      });
      child.on('error', (e) => {
        failures.push(`shard ${i}/${N}: ${e.message}`);
        resolve();
      });
      child.on('exit', (code) => {
        if (code !== 0) failures.push(`shard ${i}/${N} exited with code ${code}: ${stderr.trim().split('\n').pop() ?? ''}`);
        resolve();
      });
    });
  const queue = [...todo];
  const lanes = Array.from({ length: Math.min(o.workers, queue.length) }, async () => {
    for (let i = queue.shift(); i !== undefined && failures.length === 0; i = queue.shift()) await runOne(i);
  });
  await Promise.all(lanes);
  if (failures.length) throw new PlateauError(`--workers: ${failures[0]}${failures.length > 1 ? ` (and ${failures.length - 1} more)` : ''}`);
  return { computed: todo, reused };
}

/** K workers and N shards from the flags: N defaults to K; both ≥ 1. */
export function workerPlan(workers: number | undefined, shards: number | undefined): { workers: number; shards: number } {
  const K = workers ?? 1, N = shards ?? K;
  if (!(Number.isInteger(K) && K >= 1)) throw new ConfigError(`--workers: expected an integer ≥ 1, got ${K}`);
  if (!(Number.isInteger(N) && N >= 1)) throw new ConfigError(`--shards: expected an integer ≥ 1, got ${N}`);
  return { workers: K, shards: N };
}
