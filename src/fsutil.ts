/**
 * File helpers with the guarantees plateau promises users: a write is atomic (temp file in the same directory, then
 * rename), so a killed process never leaves a half-written checkpoint, dataset or result; a JSON file that is missing
 * or malformed is a one-line error naming it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from './errors';

export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** Parses a JSON file; a missing file or bad JSON is a one-line ConfigError naming the file. */
export function readJsonFile(file: string): unknown {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}
