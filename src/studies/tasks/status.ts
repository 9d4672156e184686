/**
 * The state of every task of a run folder, read from files alone (so it works for local, SLURM and HTCondor runs
 * alike, from any machine that sees the folder): done = its result file carries its hash; running = a live process
 * holds its lock; failed = its receipt says so, or says 'started' while nobody holds the lock any more (killed,
 * cancelled, out of time); missing = everything else (an interrupted comparison run resumes from its checkpoint).
 * The CPU time left is the cost of the unfinished tasks times the CPU seconds per cost unit of the finished ones.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lockFileHolder } from '../../lock';
import { readPlan, Task, TaskPlan } from './plan';
import { readReceipt, Receipt } from './receipts';

export type TaskState = 'done' | 'running' | 'failed' | 'missing';

export interface TaskStatus {
  id: string;
  label: string;
  state: TaskState;
  /** Who runs it, why it failed, or what is left of it. */
  detail: string | null;
  /** The batch log of the job that last ran it. */
  log: string | null;
  cpuSeconds: number | null;
}

export interface RunStatus {
  dir: string;
  plan: Pick<TaskPlan, 'study' | 'name' | 'hash'>;
  counts: Record<TaskState, number>;
  tasks: TaskStatus[];
  /** CPU seconds of the finished tasks that have receipts. */
  cpuDone: number;
  /** Estimated CPU seconds left (null until a task with a receipt has finished). */
  cpuLeft: number | null;
}

function resultHash(file: string, key: string): unknown {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function classify(dir: string, t: Task, r: Receipt | null): Omit<TaskStatus, 'id' | 'label'> {
  const log = r?.log ?? null,
    cpu = r?.state === 'done' ? (r.cpuSeconds ?? null) : null;
  if (resultHash(path.join(dir, t.result), t.hashKey) === t.hash)
    return { state: 'done', detail: null, log, cpuSeconds: cpu };
  const holder = lockFileHolder(path.join(dir, t.lock));
  if (holder) return { state: 'running', detail: holder, log, cpuSeconds: null };
  if (r?.state === 'started' && r.host === os.hostname() && pidAlive(r.pid))
    return { state: 'running', detail: `process ${r.pid} (starting)`, log, cpuSeconds: null };
  if (r?.state === 'failed') return { state: 'failed', detail: r.error ?? 'failed', log, cpuSeconds: null };
  if (r?.state === 'started')
    return {
      state: 'failed',
      detail: `stopped before finishing (killed, cancelled or out of time) on ${r.host}, started ${r.started}`,
      log,
      cpuSeconds: null,
    };
  if (r?.state === 'interrupted')
    return { state: 'missing', detail: 'interrupted; resumes from its checkpoint', log, cpuSeconds: null };
  return { state: 'missing', detail: null, log, cpuSeconds: null };
}

/** The status of the run folder `dir` (a one-line error when it holds no plan). */
export function runStatus(dir: string): RunStatus {
  const plan = readPlan(dir);
  const counts: Record<TaskState, number> = { done: 0, running: 0, failed: 0, missing: 0 };
  let cpuDone = 0,
    costDone = 0,
    costLeft = 0;
  const tasks = plan.tasks.map((t): TaskStatus => {
    const s = { id: t.id, label: t.label, ...classify(dir, t, readReceipt(dir, t)) };
    counts[s.state]++;
    if (s.state !== 'done') costLeft += t.cost;
    else if (s.cpuSeconds !== null) {
      cpuDone += s.cpuSeconds;
      costDone += t.cost;
    }
    return s;
  });
  return {
    dir,
    plan: { study: plan.study, name: plan.name, hash: plan.hash },
    counts,
    tasks,
    cpuDone,
    cpuLeft: costDone > 0 ? (cpuDone / costDone) * costLeft : costLeft === 0 ? 0 : null,
  };
}

/** "1 h 02 min", "3 min 05 s", "12.3 s". */
export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(Math.round(s - 60 * m)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** The status as lines for people: counts, then running and failed tasks (with their logs), then the estimate. */
export function formatStatus(s: RunStatus, o: { all?: boolean } = {}): string {
  const total = s.tasks.length,
    c = s.counts,
    limit = o.all ? Infinity : 10;
  const lines = [
    `${s.plan.study} ${s.plan.name} (plan ${s.plan.hash}) in ${s.dir}: ${total} task${total === 1 ? '' : 's'}`,
  ];
  lines.push(`  done ${c.done}, running ${c.running}, failed ${c.failed}, missing ${c.missing}`);
  const list = (state: TaskState, title: string) => {
    const rows = s.tasks.filter((t) => t.state === state);
    if (!rows.length) return;
    lines.push(`${title}:`);
    for (const t of rows.slice(0, limit)) {
      lines.push(`  ${t.id} (${t.label})${t.detail ? `: ${t.detail}` : ''}`);
      if (t.log && state !== 'missing') lines.push(`    log: ${t.log}`);
    }
    if (rows.length > limit) lines.push(`  … and ${rows.length - limit} more (--all lists every one)`);
  };
  list('running', 'running');
  list('failed', 'failed');
  if (o.all) list('missing', 'missing');
  const left =
    s.cpuLeft === null
      ? 'the time left is known once a task has finished'
      : `estimated ${formatSeconds(s.cpuLeft)} left`;
  lines.push(`CPU time: ${formatSeconds(s.cpuDone)} spent on finished tasks; ${left}`);
  return lines.join('\n');
}
