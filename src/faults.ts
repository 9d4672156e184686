/**
 * Injected failure points: a TEST HOOK ONLY, never a user setting. `PLATEAU_FAULT=<point>[@<hit>]:<action>` makes the
 * <hit>-th time (default 1st) this process reaches `faultPoint(<point>)` throw, die at once (SIGKILL, as a crash or
 * power loss would), or raise a real SIGINT on itself, so that tests of crashes and signals are deterministic rather
 * than timed. Examples: `atomic-write:before-rename:kill`, `train:step@5:sigint`. Unset, a point costs one env read.
 */
import { ConfigError } from './errors';

/** The named points (a typo in a test is an error, not a fault that never fires). */
export const FAULT_POINTS = [
  'atomic-write:opened', // fsutil writeFileAtomic: the temp file exists, nothing written yet
  'atomic-write:before-rename', // the temp file is written and synced; the target is still the old file
  'atomic-write:after-rename', // the target is the new file; its folder not yet synced
  'train:step', // trainer: after an update, before the stop check and the checkpoint of that step
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

const ACTIONS = ['throw', 'kill', 'sigint'] as const;
type Action = (typeof ACTIONS)[number];

interface Armed {
  spec: string;
  point: string;
  hit: number;
  action: Action;
  seen: number;
}

let armed: Armed | null = null;

function parse(spec: string): Armed {
  const m = /^([a-z-]+(?::[a-z-]+)*?)(?:@(\d+))?:([a-z]+)$/.exec(spec);
  if (
    !m ||
    !(FAULT_POINTS as readonly string[]).includes(m[1]) ||
    !(ACTIONS as readonly string[]).includes(m[3]) ||
    m[2] === '0'
  )
    throw new ConfigError(
      `PLATEAU_FAULT=${spec}: expected <point>[@<hit>]:<action> with point one of ${FAULT_POINTS.join(', ')} and action ${ACTIONS.join(', ')}`,
    );
  return { spec, point: m[1], hit: m[2] ? Number(m[2]) : 1, action: m[3] as Action, seen: 0 };
}

/** Fires the fault PLATEAU_FAULT names if this is its point and hit; otherwise does nothing. */
export function faultPoint(point: FaultPoint): void {
  const spec = process.env.PLATEAU_FAULT;
  if (!spec) return;
  if (armed?.spec !== spec) armed = parse(spec); // a new value (tests set it in-process) restarts the count
  if (armed.point !== point || ++armed.seen !== armed.hit) return;
  if (armed.action === 'kill') process.kill(process.pid, 'SIGKILL');
  if (armed.action === 'sigint') process.kill(process.pid, 'SIGINT');
  if (armed.action === 'throw') throw new Error(`injected fault at ${point} (hit ${armed.hit}, PLATEAU_FAULT)`);
}
