/**
 * Output folders as every command claims them, before writing anything: a file at the path, an unwritable place, or a
 * non-empty folder the command did not make is refused in one line; `--force` renames such a folder aside
 * (`<dir>.old-<time>`) and never deletes it; a folder another live process is writing is refused (lock.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from './errors';
import { fsError, makeDir } from './fsutil';
import { DirLock, LOCK_FILE, lockDir, lockHolder } from './lock';

export interface OutputDirPolicy {
  /** Flag to name in messages, e.g. "--out". @default '--out' */
  flag?: string;
  /** The folder's role, for messages ("run folder"). @default 'output folder' */
  what?: string;
  /** True for a folder this command wrote earlier, which it may reuse (resume, reuse finished runs, replace). */
  ownedBy?: (dir: string) => boolean;
  /** Move a non-empty folder that is not owned aside instead of refusing. Nothing is ever deleted. */
  force?: boolean;
}

export type OutputDirState = { kind: 'new' } | { kind: 'empty' } | { kind: 'owned' } | { kind: 'moved'; to: string };

/** Entries of `dir` other than plateau's lock file. */
function contents(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f !== LOCK_FILE);
}

/** Checks and creates an output folder by the policy above (no lock). Returns what was there. */
export function prepareOutputDir(dir: string, policy: OutputDirPolicy = {}): OutputDirState {
  const flag = policy.flag ?? '--out';
  if (dir.trim() === '') throw new ConfigError(`${flag}: empty path`);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(`${flag} ${dir}`, e);
  }
  let state: OutputDirState = { kind: 'new' };
  if (st && !st.isDirectory()) throw new ConfigError(`${flag} ${dir}: is a file, not a folder; choose another path`);
  if (st) {
    if (contents(dir).length === 0) state = { kind: 'empty' };
    else if (policy.ownedBy?.(dir)) state = { kind: 'owned' };
    else if (policy.force) {
      const to = `${dir.replace(/[/\\]+$/, '')}.old-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      try {
        fs.renameSync(dir, to);
      } catch (e) {
        throw fsError(`${flag} ${dir}: moving it aside to ${to}`, e);
      }
      state = { kind: 'moved', to };
    } else
      throw new ConfigError(
        `${flag} ${dir}: exists and is not empty; choose another path, or add --force to move it aside (nothing is deleted)`,
      );
  }
  try {
    makeDir(dir);
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    throw fsError(`${flag} ${dir}`, e);
  }
  return state;
}

/**
 * Claims an output folder: refused at once when another live process holds its lock; then checked and created by
 * the policy above; then locked (the lock decides between two processes that both got this far). Nothing is written
 * into a folder that is refused. The caller releases the lock when done (it is also released at exit).
 */
export function claimOutputDir(dir: string, policy: OutputDirPolicy = {}): { state: OutputDirState; lock: DirLock } {
  const what = policy.what ?? 'output folder';
  const holder = fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? lockHolder(dir) : null;
  if (holder)
    throw new ConfigError(`${what} ${dir} is in use by ${holder}; wait for it to finish or choose another folder`);
  const state = prepareOutputDir(dir, policy);
  return { state, lock: lockDir(dir, what) };
}

/** `ownedBy` for a folder whose signature file is JSON with `key` equal to `value` (any JSON when `key` is omitted). */
export function holdsJson(file: string, key?: string, value?: unknown): (dir: string) => boolean {
  return (dir) => {
    try {
      const v = JSON.parse(fs.readFileSync(`${dir}/${file}`, 'utf8')) as Record<string, unknown>;
      return key === undefined ? typeof v === 'object' && v !== null : v[key] === value;
    } catch {
      return false;
    }
  };
}

/**
 * The output folder of a study script (`runs/<study>` by default): reused when an earlier run of the same study wrote
 * it (its results.json says so), else claimed by the rules above. Returns the lock.
 */
export function claimStudyDir(dir: string, study: string, force = false): DirLock {
  const { state, lock } = claimOutputDir(dir, {
    what: `${study} folder`,
    force,
    ownedBy: holdsJson('results.json', 'study', study),
  });
  if (state.kind === 'moved') process.stderr.write(`moved the folder that was at ${dir} aside to ${state.to}\n`);
  return lock;
}

/**
 * Checks an output file path before any work (`sample --out FILE`): not empty, not a folder, and, when its folder
 * exists, a place where a file can be created (probed with a temporary file that is removed at once). A missing
 * folder is created when the file is written.
 */
export function checkOutputFile(file: string, flag = '--out'): void {
  if (file.trim() === '') throw new ConfigError(`${flag}: empty path`);
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(`${flag} ${file}`, e);
  }
  if (st?.isDirectory()) throw new ConfigError(`${flag} ${file}: is a folder; give a file path`);
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) return;
  const probe = path.join(dir, `.plateau-probe-${process.pid}-${Date.now()}`);
  try {
    fs.closeSync(fs.openSync(probe, 'wx'));
    fs.rmSync(probe, { force: true });
  } catch (e) {
    throw fsError(`${flag} ${file}: cannot create a file in ${dir}`, e);
  }
}
