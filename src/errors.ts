/**
 * The four error classes of plateau. Every message names the call and the offending values, on one line, so a CLI
 * can print `err.message` alone and exit non-zero; input that fails a schema reads the same everywhere (zodConfigError).
 */
import type { ZodError } from 'zod';

export class PlateauError extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    // a message quotes what the user gave (a name, a flag value, a file's text), which may hold line breaks or other
    // control characters (Unicode category Cc: C0, DEL, C1): they are shown escaped, so the message stays one line
    super(
      message.replace(/\p{Cc}/gu, (c) =>
        c === '\n'
          ? '\\n'
          : c === '\t'
            ? '\\t'
            : c === '\r'
              ? '\\r'
              : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
    );
    this.name = new.target.name;
  }
}

/** Bad configuration or command-line input (unknown name, out-of-range value, malformed file). */
export class ConfigError extends PlateauError {}

/** A shape, qubit count, parameter count or batch size that does not match. */
export class ShapeError extends PlateauError {}

/** A combination that exists in principle but is not implemented (engine × gate, backend × op). */
export class NotSupportedError extends PlateauError {}

/** NaN/Inf in a loss or gradient, or a state whose norm drifted. */
export class NumericalError extends PlateauError {}

const SHOWN_CHARS = 60,
  SHOWN_ISSUES = 4;

/** A value as JSON for a message, cut at 60 characters (a parameter vector can be long). */
function shownValue(v: unknown): string {
  const s = (typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v)) ?? String(v); // JSON has no NaN
  return s.length > SHOWN_CHARS ? `${s.slice(0, SHOWN_CHARS)}…` : s;
}

/**
 * The one message policy for input that failed a zod schema, on one line: `where: ` and then every issue (the first
 * four, then how many more), joined by "; ", each as `key.path: message (got value)` (the value when there is one at
 * that path), an unknown key as `key.path: unknown key`. `where` names the file or the place (`run.json: loss`); `raw`
 * is the input parsed.
 * @example zodConfigError(r.error, 'run.json: loss', raw) // "run.json: loss: sigmas: Too small: … (got [])"
 */
export function zodConfigError(e: ZodError, where: string, raw?: unknown): ConfigError {
  const issues = e.issues.flatMap((i) => {
    const at = (path: PropertyKey[]) => (path.length ? `${path.map(String).join('.')}: ` : '');
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => `${at([...i.path, k])}unknown key`);
    const value = i.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown> | undefined)?.[k], raw);
    return [`${at(i.path)}${i.message}${value !== undefined && i.path.length ? ` (got ${shownValue(value)})` : ''}`];
  });
  const more = issues.length - SHOWN_ISSUES;
  return new ConfigError(
    `${where}: ${[...issues.slice(0, SHOWN_ISSUES), ...(more > 0 ? [`${more} more`] : [])].join('; ')}`,
  );
}
