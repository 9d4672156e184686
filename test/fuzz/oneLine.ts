/**
 * The in-process half of the hostile-input suite: a property holds for an input when the call returns, or throws a
 * PlateauError whose message is one line naming the input; anything else (a TypeError, a RangeError, a message over
 * several lines, text on stderr) is a failure. Counts every input tried, for the closing report.
 */
import fs from 'fs';
import { PlateauError } from '../../src/errors';

export const FULL = process.env.PLATEAU_SLOW_TESTS === '1';
/** fast-check runs per property: small under `npm test`, full with PLATEAU_SLOW_TESTS=1. */
export const RUNS = FULL ? 1000 : 40;

/** Inputs tried and inputs handled cleanly (returned, or refused in one line naming the input), per property. */
export const tally = new Map<string, { tried: number; refused: number; slowestMs: number }>();

/** The text of fs.writeSync(fd, buffer, offset, length)'s slice. */
function bufferSlice(data: Uint8Array, rest: unknown[]): string {
  const offset = (rest[0] as number | undefined) ?? 0,
    length = (rest[1] as number | undefined) ?? data.length - offset;
  return Buffer.from(data.buffer, data.byteOffset + offset, Math.min(length, 4000)).toString();
}

/** Text written to fd 2 or process.stderr while `fn` runs (diagnostics a library prints), and fn's outcome. */
async function capturingStderr<T>(fn: () => T | Promise<T>): Promise<{ value?: T; error?: unknown; stderr: string }> {
  let stderr = '';
  const writeSync = fs.writeSync,
    write = process.stderr.write;
  fs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    // a library may write a slice of a large buffer (Emscripten passes its whole heap with an offset and a length)
    if (fd === 2) stderr += (typeof data === 'string' ? data : bufferSlice(data as Uint8Array, rest)).slice(0, 4000);
    return fd === 2 ? 0 : (writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
  }) as typeof fs.writeSync;
  process.stderr.write = ((chunk: unknown) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    return { value: await fn(), stderr };
  } catch (error) {
    return { error, stderr };
  } finally {
    fs.writeSync = writeSync;
    process.stderr.write = write;
  }
}

/**
 * Runs `fn` on one hostile input: passes when it returns, or throws a PlateauError of one line matching `names` (the
 * input's file, key or flag), with nothing else printed (warnings matching `warning` excepted). Returns the outcome.
 */
export async function oneLineOrOk<T>(
  property: string,
  names: RegExp,
  fn: () => T | Promise<T>,
  warning = /^warning: /,
): Promise<{ ok: true; value: T } | { ok: false; message: string }> {
  const t = tally.get(property) ?? { tried: 0, refused: 0, slowestMs: 0 };
  tally.set(property, t);
  t.tried++;
  const t0 = performance.now();
  const r = await capturingStderr(fn);
  t.slowestMs = Math.max(t.slowestMs, performance.now() - t0);
  const printed = r.stderr.split('\n').filter((l) => l.trim() && !warning.test(l));
  if (printed.length)
    throw new Error(
      `${property}: printed ${printed.length} lines besides the error: ${printed.slice(0, 3).join(' | ')}`,
    );
  if (!('error' in r) || r.error === undefined) return { ok: true, value: r.value as T };
  const e = r.error;
  if (!(e instanceof PlateauError))
    throw new Error(`${property}: not a one-line refusal but ${(e as Error)?.stack ?? String(e)}`);
  if (e.message.includes('\n'))
    throw new Error(`${property}: message of ${e.message.split('\n').length} lines: ${e.message}`);
  if (!names.test(e.message)) throw new Error(`${property}: message does not name the input (${names}): ${e.message}`);
  t.refused++;
  return { ok: false, message: e.message };
}

/** One line per property: inputs tried, of which refused (the rest were valid and accepted). */
export function tallyReport(): string {
  const rows = [...tally].map(
    ([k, t]) =>
      `  ${k}: ${t.tried} inputs, ${t.refused} refused in one line, ${t.tried - t.refused} accepted; slowest ${Math.round(t.slowestMs)} ms`,
  );
  const total = [...tally.values()].reduce((s, t) => s + t.tried, 0);
  return [`in-process hostile inputs: ${total}, all clean`, ...rows].join('\n');
}
