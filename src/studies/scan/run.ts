/**
 * What `npm run scan` does, as a library: assemble the spec (preset ← JSON spec file ← explicit flags), then one of
 *  - a single shard (`--shard i/N`): compute or reuse its file, nothing else (cluster tasks);
 *  - the whole scan in this process, as N shards one after another (default N = 1), then merge + outputs;
 *  - `--workers K`: N shards (default K) in K child processes (workers.ts), then merge + outputs;
 *  - `--merge files…`: merge shard files into the outputs;
 *  - `--slurm N`: write the job-array scripts (slurm.ts).
 * A single run is the merge of its own shards, so every route writes the same scan.json.
 */
import * as fs from 'fs';
import * as path from 'path';
import { lockFileOf } from '../../lock';
import { claimOutputDir, prepareOutputDir } from '../../outputDir';
import { BackendReport } from '../../backend/backend';
import { ConfigError } from '../../errors';
import { readJsonFile } from '../../fsutil';
import { writeJsonAtomic } from '../../fsutil';
import { getPreset } from './presets';
import { createProgress, Progress } from './progress';
import { writeScanOutputs } from './report';
import { mergeShards, runShard, shardCost, shardFileName } from './shards';
import { ScanSpec, resolveScanSpec, specFromFlags, specHash } from './spec';
import { runShardProcesses, workerPlan, ProgressMessage } from './workers';
import { ShardId } from './points';

export type SpecFlags = Parameters<typeof specFromFlags>[0];

/** preset defaults ← spec file ← explicit flags, validated. */
export function buildScanSpec(o: { preset?: string; full?: boolean; specFile?: string; flags: SpecFlags }): ScanSpec {
  let raw: Record<string, unknown> = {};
  if (o.preset) raw = { ...getPreset(o.preset).spec(!!o.full), preset: o.preset };
  else if (o.full) throw new ConfigError('--full: only meaningful with --preset');
  let where = o.preset ? `preset ${o.preset}` : 'command line';
  if (o.specFile) {
    const file = readJsonFile(o.specFile);
    if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new ConfigError(`${o.specFile}: a scan spec must be a JSON object`);
    raw = { ...raw, ...file };
    where = o.specFile;
  }
  const flags = specFromFlags(o.flags);
  if (Object.keys(flags).length) where = 'command line';
  raw = { ...raw, ...flags };
  if (raw.losses === undefined || raw.qubits === undefined) throw new ConfigError(`${where}: a scan needs losses and qubits (give --preset NAME, --spec FILE, or --losses and --qubits)`);
  try {
    return resolveScanSpec(raw, where);
  } catch (e) {
    // name the flag, not the spec key: "command line.datasets.1: …" → "--datasets item 2: …"
    if (!(e instanceof ConfigError) || where !== 'command line') throw e;
    throw new ConfigError(e.message.replace(/command line\.(\w+)(?:\.(\d+))?/g, (_m, k: string, i?: string) => `--${k}${i === undefined ? '' : ` item ${Number(i) + 1}`}`));
  }
}

/** True for a folder an earlier scan wrote (its shards or its outputs), which a rerun reuses. */
export function isScanDir(dir: string): boolean {
  return ['shards', 'scan.json', 'scan-spec.json'].some((f) => fs.existsSync(path.join(dir, f)));
}

/**
 * Progress through the IPC channel when this process is a --workers child, else a bar (or nothing). A child whose
 * parent is gone exits at its next progress tick (a shard computes synchronously, so no IPC event could tell it).
 */
export function progressFor(total: number, quiet: boolean): Progress {
  if (typeof process.send === 'function' && process.env.PLATEAU_SCAN_CHILD === '1') {
    const parent = process.ppid;
    const tick = (units: number, label?: string) => {
      if (process.ppid !== parent) process.exit(1); // orphaned: the shard file was not written, a rerun computes it
      process.send!({ plateauScanProgress: true, units, label } satisfies ProgressMessage);
    };
    return { tick, label: () => undefined, stop: () => undefined };
  }
  return createProgress(total, { quiet });
}

export interface ScanRunOptions {
  out: string;
  backend: BackendReport;
  shard?: ShardId;
  workers?: number;
  shards?: number;
  fresh?: boolean;
  quiet?: boolean;
  /** Move a non-empty --out folder that is not a scan aside instead of refusing. */
  force?: boolean;
  /** For --workers: the script children run, and flags they all get. */
  script?: string;
  childArgs?: string[];
}

/** Runs a scan by one of the routes above; returns the text to print. */
export async function runScan(spec: ScanSpec, o: ScanRunOptions): Promise<string> {
  const t0 = performance.now(), hash = specHash(spec);
  const claim = { what: 'scan folder', ownedBy: isScanDir, force: o.force };
  if (o.shard) {
    // Shards of one scan share the folder on purpose; each shard file has its own lock.
    prepareOutputDir(o.out, claim);
    const lock = lockFileOf(path.join(o.out, 'shards', shardFileName(o.shard)), 'scan shard');
    const progress = progressFor(shardCost(spec, o.shard), !!o.quiet);
    let r: ReturnType<typeof runShard>;
    try {
      r = runShard(spec, o.shard, { out: o.out, backend: o.backend, fresh: o.fresh, progress });
    } finally {
      progress.stop();
      lock.release();
    }
    return `shard ${o.shard.index}/${o.shard.count} of scan ${hash}: ${r.shard.points.length} point${r.shard.points.length === 1 ? "" : "s"} ${r.reused ? 'reused from' : 'written to'} ${r.file}\nmerge when all shards are done: npm run scan:merge -- ${path.join(o.out, 'shards', `shard-*-of-${o.shard.count}.json`)} --out ${o.out}`;
  }
  const { workers, shards } = workerPlan(o.workers, o.shards);
  const ids = Array.from({ length: shards }, (_, i) => ({ index: i, count: shards }));
  const { lock, state } = claimOutputDir(o.out, claim);
  if (state.kind === 'moved') process.stderr.write(`moved the folder that was at ${o.out} aside to ${state.to}\n`);
  const progress = createProgress(ids.reduce((s, id) => s + shardCost(spec, id), 0), { quiet: o.quiet });
  try {
    if (workers > 1) {
      if (!o.script) throw new ConfigError('--workers: no script to run in the child processes');
      const specFile = path.join(o.out, 'scan-spec.json');
      writeJsonAtomic(specFile, spec);
      await runShardProcesses(spec, { script: o.script, specFile, out: o.out, workers, shards, childArgs: o.childArgs ?? [], fresh: o.fresh, progress });
    } else for (const id of ids) runShard(spec, id, { out: o.out, backend: o.backend, fresh: o.fresh, progress });
  } finally {
    progress.stop();
    lock.release();
  }
  return mergeAndWrite(ids.map((id) => path.join(o.out, 'shards', shardFileName(id))), o.out, { workers, shardCount: shards, seconds: (performance.now() - t0) / 1000 });
}

/** Merges shard files and writes the outputs into `out`; returns the table. */
export async function mergeAndWrite(files: string[], out: string, timing: Record<string, unknown> = {}): Promise<string> {
  const merged = mergeShards(files);
  prepareOutputDir(out, { what: 'scan folder', ownedBy: isScanDir });
  const r = await writeScanOutputs(merged, out, { ...timing, computeSeconds: merged.shards.reduce((s, x) => s + x.timing.seconds, 0) });
  return `${r.table}\nfiles: ${r.files.map((f) => path.relative(process.cwd(), f) || f).join(', ')}`;
}
