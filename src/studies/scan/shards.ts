/**
 * Shards as files: a shard computes its points (points.ts) and writes `<out>/shards/shard-<i>-of-<N>.json` atomically,
 * with the spec, its hash, the shard id and the backend. A finished file whose spec hash matches is reused, so a
 * killed or re-submitted run resumes at shard granularity. `mergeShards` checks that files belong together (same spec
 * hash, same N, every shard exactly once, one backend) and returns the points in canonical order — the same list a
 * single run produces, so the merged output is bit-identical to it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BackendReport } from '../../backend/backend';
import { threadCount } from '../../engines/cpu/pool';
import { ConfigError } from '../../errors';
import { writeJsonAtomic } from '../../fsutil';
import { computePoint, PointResult } from './compute';
import { evaluationsPerPoint, pointCost, scanPoints, ShardId, shardPoints } from './points';
import { NO_PROGRESS, Progress } from './progress';
import { ScanSpec, specHash } from './spec';

export const SHARD_SCHEMA = 'plateau.scan-shard/1';

export interface ShardTiming {
  seconds: number;
  perPoint: { index: number; n: number; depth: number | string; seconds: number }[];
  host: string;
  threads: number;
  finishedAt: string;
}

export interface ShardFile {
  schema: typeof SHARD_SCHEMA;
  specHash: string;
  shard: ShardId;
  spec: ScanSpec;
  backend: BackendReport;
  points: PointResult[];
  /** Wall-clock facts; never part of the merged scan.json. */
  timing: ShardTiming;
}

export const shardFileName = (s: ShardId) => `shard-${s.index}-of-${s.count}.json`;
export const shardPath = (out: string, s: ShardId) => path.join(out, 'shards', shardFileName(s));

/** Reads and checks the shape of a shard file; errors name the file. */
export function readShardFile(file: string): ShardFile {
  let v: ShardFile;
  try {
    v = JSON.parse(fs.readFileSync(file, 'utf8')) as ShardFile;
  } catch (e) {
    throw new ConfigError(`${file}: cannot read a scan shard (${(e as Error).message.split('\n')[0]})`);
  }
  if (v?.schema !== SHARD_SCHEMA || typeof v.specHash !== 'string' || !v.shard || !Array.isArray(v.points) || !v.spec)
    throw new ConfigError(`${file}: not a plateau scan shard file (schema ${JSON.stringify(v?.schema)})`);
  if (specHash(v.spec) !== v.specHash) throw new ConfigError(`${file}: its spec does not hash to the recorded ${v.specHash} (edited by hand?)`);
  return v;
}

/** An existing shard file for this spec and shard, or null (absent, unreadable, or from another spec). */
export function reusableShard(file: string, hash: string, shard: ShardId): ShardFile | null {
  if (!fs.existsSync(file)) return null;
  try {
    const f = readShardFile(file);
    return f.specHash === hash && f.shard.index === shard.index && f.shard.count === shard.count ? f : null;
  } catch {
    return null;
  }
}

export interface RunShardOptions {
  out: string;
  backend: BackendReport;
  /** Recompute even if a matching shard file exists. */
  fresh?: boolean;
  progress?: Progress;
}

/** Total cost units of a shard (for progress bars). */
export function shardCost(spec: ScanSpec, shard: ShardId): number {
  return shardPoints(spec, shard).reduce((s, p) => s + pointCost(spec, p), 0);
}

/** Computes (or reuses) shard i/N of `spec` and writes its file. Returns the file content and whether it was reused. */
export function runShard(spec: ScanSpec, shard: ShardId, opts: RunShardOptions): { file: string; shard: ShardFile; reused: boolean } {
  const hash = specHash(spec), file = shardPath(opts.out, shard), progress = opts.progress ?? NO_PROGRESS;
  const old = opts.fresh ? null : reusableShard(file, hash, shard);
  if (old) {
    progress.tick(shardCost(spec, shard), `shard ${shard.index}/${shard.count} reused`);
    return { file, shard: old, reused: true };
  }
  const t0 = performance.now(), perPoint: ShardTiming['perPoint'] = [], points: PointResult[] = [];
  for (const p of shardPoints(spec, shard)) {
    const t = performance.now(), unit = pointCost(spec, p) / evaluationsPerPoint(spec), what = `n=${p.n} depth=${p.depth}, ${spec.draws} draws`;
    progress.label(what);
    points.push(computePoint(spec, p, { onEvaluation: () => progress.tick(unit, what) }));
    perPoint.push({ index: p.index, n: p.n, depth: p.depth, seconds: (performance.now() - t) / 1000 });
  }
  const content: ShardFile = {
    schema: SHARD_SCHEMA, specHash: hash, shard, spec, backend: opts.backend, points,
    timing: { seconds: (performance.now() - t0) / 1000, perPoint, host: os.hostname(), threads: threadCount(), finishedAt: new Date().toISOString() },
  };
  writeJsonAtomic(file, content);
  return { file, shard: content, reused: false };
}

export interface MergedScan {
  spec: ScanSpec;
  specHash: string;
  backend: BackendReport;
  points: PointResult[];
  shards: { file: string; shard: ShardId; timing: ShardTiming; host: string }[];
}

/** Checks that shard files form one complete scan and merges their points; every refusal is one line. */
export function mergeShards(files: string[]): MergedScan {
  if (files.length === 0) throw new ConfigError('merge: no shard files given');
  const shards = files.map((f) => ({ file: f, data: readShardFile(f) }));
  const first = shards[0];
  const N = first.data.shard.count;
  const seen = new Map<number, string>();
  for (const { file, data } of shards) {
    if (data.specHash !== first.data.specHash)
      throw new ConfigError(`merge: ${file} has spec hash ${data.specHash} but ${first.file} has ${first.data.specHash}: they are shards of different scans`);
    if (data.shard.count !== N) throw new ConfigError(`merge: ${file} is shard ${data.shard.index}/${data.shard.count} but ${first.file} is shard ${first.data.shard.index}/${N}: shard counts differ`);
    const dup = seen.get(data.shard.index);
    if (dup !== undefined) throw new ConfigError(`merge: shard ${data.shard.index}/${N} given twice (${dup} and ${file})`);
    seen.set(data.shard.index, file);
    if (data.backend.backend !== first.data.backend.backend)
      throw new ConfigError(`merge: ${file} ran on backend ${data.backend.backend} but ${first.file} on ${first.data.backend.backend}: the numbers would differ from one run; rerun on one backend`);
  }
  const missing = [...Array(N).keys()].filter((i) => !seen.has(i));
  if (missing.length) throw new ConfigError(`merge: missing shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} of ${N} (have ${[...seen.keys()].sort((a, b) => a - b).join(', ')})`);
  const spec = first.data.spec;
  const points = shards.flatMap((s) => s.data.points).sort((a, b) => a.index - b.index);
  const expected = scanPoints(spec);
  if (points.length !== expected.length || points.some((p, i) => p.index !== i || p.n !== expected[i].n))
    throw new ConfigError(`merge: the shards hold ${points.length} points, the spec has ${expected.length} (a shard file was altered?)`);
  const ordered = [...shards].sort((a, b) => a.data.shard.index - b.data.shard.index);
  return {
    spec, specHash: first.data.specHash, backend: ordered[0].data.backend, points,
    shards: ordered.map((s) => ({ file: s.file, shard: s.data.shard, timing: s.data.timing, host: s.data.timing.host })),
  };
}
