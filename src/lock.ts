/**
 * An exclusive lock on an output folder (or file), so two processes never write one run: `dir/.plateau.lock` is created with
 * O_EXCL and holds the owner's pid, host and start time. A lock whose owner is gone is taken over: on this host when the
 * pid no longer exists, on any host when the owner stopped refreshing it (a heartbeat touches it every 30 s), so a
 * crashed holder never leaves a folder locked for good.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ConfigError } from './errors';
import { fsError, makeDir } from './fsutil';

export const LOCK_FILE = '.plateau.lock';
const HEARTBEAT_MS = 30_000;
/** A lock not refreshed for this long belongs to a dead process (10 heartbeats). */
const STALE_MS = 10 * HEARTBEAT_MS;

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  command: string;
  /** The kernel's start time of the pid (Linux /proc), which tells a live owner from a reused pid. */
  pidStart: string | null;
}

/** Locks this process holds (a pid seen in a lock file but absent here is a reused pid of a dead owner). */
const held = new Set<string>();

export interface DirLock {
  readonly file: string;
  release(): void;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null where there is no /proc. */
function pidStart(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function alive(info: LockInfo): boolean {
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return info.pidStart === null || pidStart(info.pid) === null || pidStart(info.pid) === info.pidStart;
}

function readInfo(file: string): LockInfo | null {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    return Number.isInteger(v.pid) && typeof v.host === 'string' ? v : null;
  } catch {
    return null;
  }
}

/** Why the lock at `file` is still held, or null when its owner is gone (or it is torn). */
function heldBy(file: string): string | null {
  let mtime: number;
  try {
    mtime = fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
  const info = readInfo(file);
  const fresh = Date.now() - mtime < STALE_MS;
  if (!info) return fresh ? 'a process that is still writing its lock' : null;
  const owner = `process ${info.pid} (${info.command}, started ${info.started})`;
  if (info.host === os.hostname()) return (info.pid === process.pid ? held.has(file) : alive(info)) ? owner : null;
  return fresh ? `process ${info.pid} on host ${info.host} (started ${info.started})` : null;
}

/** Who holds the lock of `dir`, or null when nobody alive does. */
export function lockHolder(dir: string): string | null {
  return heldBy(path.join(path.resolve(dir), LOCK_FILE));
}

/** Who holds the lock file `lockFile` (as lockFileOf and lockDir write it), or null when nobody alive does. */
export function lockFileHolder(lockFile: string): string | null {
  return heldBy(path.resolve(lockFile));
}

/**
 * Takes the lock of `dir` (created if missing) or throws a one-line ConfigError naming the holder. `what` names the
 * folder's role in the message ("run folder"). The lock is released by `release()` and at process exit.
 */
export function lockDir(dir: string, what = 'folder'): DirLock {
  return lockPath(path.join(dir, LOCK_FILE), `${what} ${dir}`);
}

/** The lock of one output file (`<file>.lock`), e.g. a scan shard that several tasks could compute at once. */
export function lockFileOf(file: string, what = 'file'): DirLock {
  return lockPath(`${file}.lock`, `${what} ${file}`);
}

function lockPath(lockFile: string, shown: string): DirLock {
  const file = path.resolve(lockFile),
    dir = path.dirname(file);
  try {
    makeDir(dir);
  } catch (e) {
    throw fsError(shown, e);
  }
  const info: LockInfo = {
    pid: process.pid,
    host: os.hostname(),
    started: new Date().toISOString(),
    command: path.basename(process.argv[1] ?? 'node'),
    pidStart: pidStart(process.pid),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(file, 'wx');
      fs.writeSync(fd, JSON.stringify(info));
      fs.closeSync(fd);
      held.add(file);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(`locking ${shown}`, e);
      const holder = heldBy(file);
      if (holder !== null || attempt > 0)
        throw new ConfigError(
          `${shown} is in use by ${holder ?? 'another process'}; wait for it to finish or choose another folder`,
        );
      fs.rmSync(file, { force: true }); // stale: its owner is gone
    }
  }
  const beat = setInterval(() => {
    try {
      const now = new Date();
      fs.utimesSync(file, now, now);
    } catch {
      /* the folder was moved away; the release below is then a no-op */
    }
  }, HEARTBEAT_MS);
  beat.unref();
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(beat);
    process.off('exit', release);
    held.delete(file);
    if (readInfo(file)?.pid === process.pid) fs.rmSync(file, { force: true });
  };
  process.on('exit', release);
  return { file, release };
}
