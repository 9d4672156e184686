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

/** True for an error of a system call (it has an errno code such as ENOENT), as opposed to a bug. */
export function isSystemError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && (e as NodeJS.ErrnoException).code!.startsWith('E');
}

/** One line for a failed filesystem call: the path and the system's reason (ENOSPC, EACCES, …), no stack. */
export function fsError(what: string, e: unknown): ConfigError {
  const err = e as NodeJS.ErrnoException;
  const reason = err.code === 'ENOSPC' ? 'no space left on the device' : err.code === 'EACCES' || err.code === 'EPERM' ? 'permission denied' : err.code === 'EROFS' ? 'read-only file system' : err.code === 'ENAMETOOLONG' ? 'name too long' : err.code === 'ENOTDIR' ? 'a parent is not a folder' : err.code === 'EISDIR' ? 'is a folder' : (err.message ?? String(e)).split('\n')[0];
  return new ConfigError(`${what}: ${reason}${err.code ? ` (${err.code})` : ''}`);
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
    fs.mkdirSync(dir, { recursive: true });
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

/** Parses a JSON file; a missing file or bad JSON is a one-line ConfigError naming the file. */
export function readJsonFile(file: string): unknown {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  if (fs.statSync(file).isDirectory()) throw new ConfigError(`${file}: is a folder, expected a JSON file`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}
