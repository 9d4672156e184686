/**
 * File helpers with the guarantees plateau promises users: a write is atomic and durable (temp file in the same
 * directory, fsync, rename, fsync of the directory), so neither a killed process nor a power cut leaves a half-written
 * checkpoint, dataset or result; a JSON file that is missing or malformed is a one-line error naming it. Output folders
 * are claimed through outputDir.ts.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from './errors';
import { faultPoint } from './faults';

/**
 * True for an error of a system call (it has an errno code such as ENOENT), as opposed to a bug. Not `instanceof
 * Error`: errors made by Node's core in another realm (a vm context, a jest sandbox) fail that test.
 */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof code === 'string' &&
    code.startsWith('E') &&
    typeof (e as Error).message === 'string'
  );
}

/** One line for a failed filesystem call: the path and the system's reason (ENOSPC, EACCES, …), no stack. */
export function fsError(what: string, e: unknown): ConfigError {
  const err = e as NodeJS.ErrnoException;
  const reason =
    err.code === 'ENOSPC'
      ? 'no space left on the device'
      : err.code === 'EACCES' || err.code === 'EPERM'
        ? 'permission denied'
        : err.code === 'EROFS'
          ? 'read-only file system'
          : err.code === 'ENAMETOOLONG'
            ? 'name too long'
            : err.code === 'ENOTDIR'
              ? 'a parent is not a folder'
              : err.code === 'EISDIR'
                ? 'is a folder'
                : err.code === 'ENOENT' && err.syscall === 'mkdir'
                  ? 'the file system does not allow a folder there'
                  : err.code === 'ENOENT'
                    ? 'no such file or folder'
                    : err.code === 'EEXIST'
                      ? 'already exists'
                      : (err.message ?? String(e)).split('\n')[0];
  return new ConfigError(`${what}: ${reason}${err.code ? ` (${err.code})` : ''}`);
}

/**
 * `mkdir -p`: creates `dir` and its missing parents. Node's own recursive mkdirSync never returns when the file system
 * refuses the folder with ENOENT although its parent exists (/proc/x: every command with `--out /proc/x` hung); here
 * each missing folder is made once, and the first refusal is thrown (a system error, for fsError).
 */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  let cur = path.resolve(dir);
  while (!fs.existsSync(cur)) {
    missing.push(cur);
    const up = path.dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  for (const d of missing.reverse()) {
    try {
      fs.mkdirSync(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(d).isDirectory()) throw e;
    }
  }
}

/** fsync of a directory, so a rename inside it survives a power cut. Not every file system allows it; then skipped. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* EISDIR/EINVAL on some platforms and file systems: nothing more can be done */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Writes `file` atomically and durably. On failure (disk full, permissions) the previous content is untouched, the
 * temporary file removed, and the error is one line naming the file.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | undefined;
  try {
    makeDir(dir);
    fd = fs.openSync(tmp, 'wx');
    faultPoint('atomic-write:opened');
    fs.writeFileSync(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    faultPoint('atomic-write:before-rename');
    fs.renameSync(tmp, file);
    faultPoint('atomic-write:after-rename');
    syncDir(dir);
  } catch (e) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw isSystemError(e) ? fsError(`writing ${file}`, e) : e;
  }
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Appends one line durably (metrics logs): a torn line can only be the last one, which readers drop. */
export function appendLineDurable(file: string, line: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'a');
    fs.writeSync(fd, `${line}\n`);
    fs.fsyncSync(fd);
  } catch (e) {
    throw fsError(`appending to ${file}`, e);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Deepest nesting a JSON input may have: far beyond any plateau file, well within what recursive readers survive. */
export const MAX_JSON_DEPTH = 200;

/** Nesting depth of a parsed JSON value, counted without recursion (a hostile file may nest 100 000 levels). */
function jsonDepth(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    max = Math.max(max, d);
    if (d > MAX_JSON_DEPTH) return d;
    for (const y of Object.values(x)) stack.push([y, d + 1]);
  }
  return max;
}

/** Parses a JSON file; a missing file, a folder, bad JSON or absurd nesting is a one-line ConfigError naming the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    if (fs.statSync(file).isDirectory()) throw new ConfigError(`${file}: is a folder, expected a JSON file`);
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw (e as NodeJS.ErrnoException).code === 'ENOENT'
      ? new ConfigError(`${file}: no such file`)
      : fsError(`reading ${file}`, e);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
  if (jsonDepth(v) > MAX_JSON_DEPTH)
    throw new ConfigError(`${file}: nested deeper than ${MAX_JSON_DEPTH} levels; not a plateau file`);
  return v;
}

/** What a JSON value is, for messages: "a string", "null", "an array". */
export function jsonKind(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** readJsonFile for files that must hold one JSON object (`what` names it: "a run config"). */
export function readJsonObject(file: string, what: string): Record<string, unknown> {
  const v = readJsonFile(file);
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new ConfigError(`${file}: expected a JSON object (${what}), got ${jsonKind(v)}`);
  return v as Record<string, unknown>;
}
