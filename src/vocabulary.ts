/**
 * The words every command line and every config share, read in one place so that the same string means the same
 * thing everywhere: shot budgets (`exact` or a positive count; `null` is accepted as exact, `0` is refused), integer
 * lists (`2..12`, `2,4,8`, `2..12:2`) for qubit counts, hidden-qubit counts and depths. Losses are read by
 * losses/registry.ts (`mmd(n/4)`, `kl(1e-6)` or JSON), ansätze by models/ansatzSpec.ts. No tfjs, no zod: command-line
 * parsers use these before anything heavy is loaded.
 */
import { ConfigError } from './errors';

/** A plain decimal number as people type it: 12, -3, 0.5, .5, 1e6, 2.5E-3 (no hex, no "Infinity", no empty string). */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The one reading of a number typed as text, for every flag (cli.ts parseNumber) and every word here: a plain decimal
 * (see DECIMAL, surrounding blanks allowed) → its value, anything else → NaN. So "1e6" is 1000000 (never parseInt's 1)
 * and "0x10", "Infinity" or "" are not numbers.
 */
export function readDecimal(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/** The word for exact probabilities (no shot noise), wherever a shot budget is asked for. */
export const EXACT = 'exact';

/**
 * A shot budget: `exact` (also JSON null or the text "null") → null; a positive integer (number or its text, "1e3"
 * too) → itself.
 * 0 is refused rather than read as exact: zero shots estimate nothing, and a typo should not silently turn a shot
 * study into an exact one. `where` names the flag or key in messages.
 */
export function parseShots(raw: unknown, where: string): number | null {
  if (raw === null || raw === EXACT || raw === 'null') return null;
  const x = typeof raw === 'string' && Number.isFinite(readDecimal(raw)) ? readDecimal(raw) : raw; // "1000", "1e3"
  if (x === 0)
    throw new ConfigError(
      `${where}: 0 shots estimate nothing; write ${EXACT} for exact probabilities, or a positive number of shots`,
    );
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 1)
    throw new ConfigError(
      `${where}: expected ${EXACT} or a positive integer number of shots, got ${JSON.stringify(raw)}`,
    );
  return x;
}

/** The text form of a shot budget: "exact" or the count. */
export const shotsText = (shots: number | null): string => (shots === null ? EXACT : String(shots));

/** Splits at commas outside parentheses, braces and brackets: "kl,mmd(0.01;n/4),{…}" → items. */
export function splitList(s: string): string[] {
  const out: string[] = [];
  let depth = 0,
    cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '{' || ch === '[') depth++;
    if (ch === ')' || ch === '}' || ch === ']') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Values a list or range may expand to: far beyond any scan or study, and a guard against "2..100000000". */
export const MAX_LIST_ITEMS = 10000;

/** "2..12", "2-12", "2,4,8", "2..12:2" (step) → integers; `what` names the flag in errors. */
export function parseIntList(s: string, what: string): number[] {
  const out: number[] = [];
  for (const part of splitList(s)) {
    const m = /^(\d+)\s*(?:(?:\.\.|-)\s*(\d+)(?::(\d+))?)?$/.exec(part);
    if (!m) throw new ConfigError(`${what}: expected integers or ranges like 2..12 (step 2..12:2), got "${part}"`);
    const a = Number(m[1]),
      b = m[2] === undefined ? a : Number(m[2]),
      step = m[3] === undefined ? 1 : Number(m[3]);
    if (b < a || step < 1) throw new ConfigError(`${what}: empty range "${part}"`);
    const count = Math.floor((b - a) / step) + 1; // counted before the values are made
    if (out.length + count > MAX_LIST_ITEMS)
      throw new ConfigError(`${what}: "${part}" has ${count} values; at most ${MAX_LIST_ITEMS} in all`);
    for (let x = a; x <= b; x += step) out.push(x);
  }
  if (out.length === 0) throw new ConfigError(`${what}: empty list`);
  return out;
}

/**
 * A copy of a config object whose `shots` — one budget or a list of them — is read by parseShots (so "exact", null and
 * counts mean the same in train configs, comparison specs and scan specs); anything else passes through for the
 * config's own validation. `where` names the file.
 */
export function withShotsRead(raw: unknown, where: string): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('shots' in raw)) return raw;
  const shots = (raw as { shots: unknown }).shots;
  return {
    ...raw,
    shots: Array.isArray(shots)
      ? shots.map((s, i) => parseShots(s, `${where}shots.${i}`))
      : parseShots(shots, `${where}shots`),
  };
}
