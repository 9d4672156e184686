/**
 * Receipts: what a process records about each task it runs, in `<run>/status/<id>.json` — 'started' before it begins
 * (with its host, pid and batch log), then 'done' with the CPU and wall seconds it took, 'interrupted' (a comparison
 * run checkpointed on a stop request) or 'failed' with the error's first line. The result file stays the proof that
 * a task finished; receipts tell `plateau status` what is running, what failed and where its log is, and give the CPU
 * time per cost unit from which the time left is estimated. CPU time is process.cpuUsage() (user + system, worker
 * threads included), so it is what a batch system charges, not wall time.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeJsonAtomic } from '../../fsutil';
import { Task } from './plan';

export const RECEIPT_SCHEMA = 'plateau.task-receipt/1';
export const STATUS_DIR = 'status';

export type ReceiptState = 'started' | 'done' | 'interrupted' | 'failed';

export interface Receipt {
  schema: typeof RECEIPT_SCHEMA;
  id: string;
  hash: string;
  state: ReceiptState;
  host: string;
  pid: number;
  /** The batch log of the job that ran the task (PLATEAU_LOG, set by the generated job scripts), or null. */
  log: string | null;
  started: string;
  finished?: string;
  cpuSeconds?: number;
  wallSeconds?: number;
  /** First line of the error of a failed task. */
  error?: string;
}

export const receiptPath = (runDir: string, id: string) => path.join(runDir, STATUS_DIR, `${id}.json`);

/** The receipt of a task, or null (none, unreadable, or of another hash). */
export function readReceipt(runDir: string, task: Pick<Task, 'id' | 'hash'>): Receipt | null {
  try {
    const r = JSON.parse(fs.readFileSync(receiptPath(runDir, task.id), 'utf8')) as Receipt;
    return r?.schema === RECEIPT_SCHEMA && r.hash === task.hash ? r : null;
  } catch {
    return null;
  }
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0];

/**
 * Runs `work` for `task` with receipts around it; returns its result, rethrows its error. `interrupted` tells a
 * result that stopped early (a checkpointed run) from a finished one.
 */
export async function runTask<T>(
  runDir: string,
  task: Pick<Task, 'id' | 'hash'>,
  work: () => T | Promise<T>,
  interrupted: (r: T) => boolean = () => false,
): Promise<T> {
  const base = {
    schema: RECEIPT_SCHEMA,
    id: task.id,
    hash: task.hash,
    host: os.hostname(),
    pid: process.pid,
    log: process.env.PLATEAU_LOG || null,
    started: new Date().toISOString(),
  } as const;
  const file = receiptPath(runDir, task.id);
  writeJsonAtomic(file, { ...base, state: 'started' } satisfies Receipt);
  const cpu0 = process.cpuUsage(),
    t0 = performance.now();
  const spent = () => {
    const c = process.cpuUsage(cpu0);
    return {
      finished: new Date().toISOString(),
      cpuSeconds: (c.user + c.system) / 1e6,
      wallSeconds: (performance.now() - t0) / 1000,
    };
  };
  let result: T;
  try {
    result = await work();
  } catch (e) {
    writeJsonAtomic(file, { ...base, state: 'failed', ...spent(), error: firstLine(e) } satisfies Receipt);
    throw e;
  }
  writeJsonAtomic(file, { ...base, state: interrupted(result) ? 'interrupted' : 'done', ...spent() } satisfies Receipt);
  return result;
}
