/**
 * JSON files of run folders as `plateau view` reads them, every poll: parsed again only when their size or mtime
 * changed, and null (never an exception) when missing, half-written or not JSON, so one odd file cannot stop the view.
 */
import * as fs from 'fs';

const cache = new Map<string, { mtimeMs: number; size: number; value: unknown }>();

/** The parsed content of `file`, or null. */
export function readJsonCached(file: string): unknown {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    cache.delete(file);
    return null;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.value;
  let value: unknown = null;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    /* torn or foreign: null until it changes */
  }
  cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, value });
  return value;
}

/** A plain object's field, typed by a guard, or undefined. */
export function field<T>(o: unknown, key: string, guard: (v: unknown) => v is T): T | undefined {
  if (o === null || typeof o !== 'object') return undefined;
  const v = (o as Record<string, unknown>)[key];
  return guard(v) ? v : undefined;
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
