/**
 * One line of the run list: a training run's status, config hash, backend and speed, from its folder alone.
 * Status: running while a process holds the run's lock (lock.ts, which also tells a dead holder from a live one);
 * afterwards what summary.json says (finished, interrupted); a comparison's run stopped by a signal keeps only its
 * checkpoint (interrupted); any other run without a summary ended abnormally (failed: crashed, killed, or stopped on a
 * non-finite loss, which the folder cannot tell apart). Steps/s is measured over the current session's evaluations.
 */
import * as fs from 'fs';
import * as path from 'path';
import { lockHolder } from '../lock';
import { Found } from './discover';
import { field, isNumber, isObject, isString, readJsonCached } from './jsonFiles';

export type RunStatus = 'running' | 'finished' | 'interrupted' | 'failed';

/** The fields of a metrics.jsonl line the list needs (the rest is read by curves.ts). */
export interface MetricsLine {
  step: number;
  seconds: number;
  loss?: number | null;
  tvd_train?: number;
  [k: string]: unknown;
}

export interface RunRow {
  id: string;
  rel: string;
  group: string | null;
  name: string;
  status: RunStatus;
  /** Why, in words (the lock holder, what is left of a failed run). */
  note: string;
  configHash: string;
  backend: string;
  device: string;
  dataset: string | null;
  started: string | null;
  step: number | null;
  steps: number | null;
  stepsPerSecond: number | null;
  loss: number | null;
  tvd: number | null;
}

/** Steps per second over the evaluations of the last session (a resumed run restarts its clock). */
export function stepsPerSecond(records: readonly MetricsLine[]): number | null {
  if (records.length < 2) return null;
  let first = records.length - 1;
  while (first > 0 && records[first - 1].seconds <= records[first].seconds) first--;
  const a = records[first],
    b = records[records.length - 1];
  const dt = b.seconds - a.seconds;
  return dt > 0 && b.step > a.step ? (b.step - a.step) / dt : null;
}

export function runStatus(dir: string): { status: RunStatus; note: string } {
  const holder = lockHolder(dir);
  if (holder) return { status: 'running', note: `locked by ${holder}` };
  const summary = readJsonCached(path.join(dir, 'summary.json'));
  const s = field(summary, 'status', isString);
  if (s === 'finished' || s === 'interrupted')
    return {
      status: s,
      note:
        s === 'finished'
          ? ''
          : `stopped at step ${field(summary, 'steps', isNumber) ?? '?'}; resume it with plateau train --resume`,
    };
  const ckpt = readJsonCached(path.join(dir, 'checkpoint.json'));
  const at = field(ckpt, 'step', isNumber);
  if (at !== undefined && isString(field(readJsonCached(path.join(dir, 'run.json')), 'compare', isString)))
    return { status: 'interrupted', note: `stopped at step ${at}; running its comparison again resumes it` };
  return {
    status: 'failed',
    note:
      at !== undefined
        ? `ended without its end-of-run summary (crashed, killed, or stopped on a non-finite loss); its checkpoint at step ${at} resumes with plateau train --resume`
        : 'ended before its first checkpoint',
  };
}

export function runRow(f: Found, records: readonly MetricsLine[]): RunRow {
  const run = readJsonCached(path.join(f.dir, 'run.json'));
  const config = field(run, 'config', isObject),
    backend = field(run, 'backend', isObject);
  const last = records[records.length - 1];
  const { status, note } = runStatus(f.dir);
  return {
    id: f.id,
    rel: f.rel,
    group: f.group,
    name: field(config, 'name', isString) ?? path.basename(f.dir),
    status,
    note,
    configHash: field(run, 'configHash', isString) ?? '',
    backend: field(backend, 'backend', isString) ?? '?',
    device: field(backend, 'device', isString) ?? '',
    dataset: field(run, 'dataset', isString) ?? null,
    started: field(run, 'started', isString) ?? null,
    step: last ? last.step : null,
    steps: field(config, 'steps', isNumber) ?? null,
    stepsPerSecond: stepsPerSecond(records),
    loss: typeof last?.loss === 'number' ? last.loss : null,
    tvd: typeof last?.tvd_train === 'number' ? last.tvd_train : null,
  };
}

/** The mtime of a file in ms, or 0 when it is missing (to notice a study rewritten in place). */
export function mtimeOf(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
