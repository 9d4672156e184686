/**
 * The identity of a JSON value: canonical JSON (object keys sorted at every level, arrays in order, undefined members
 * left out as JSON.stringify does) and its SHA-256. Configs, scan specs and scan tasks are hashed this way, so a
 * resumed run, a shard or a merge can prove it belongs to the same computation; the hashes are written into result
 * files, so this form must never change.
 */
import { createHash } from 'crypto';

/** JSON with object keys sorted at every level: the canonical form that is hashed. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, (x as Record<string, unknown>)[k]]),
        )
      : x,
  );
}

/** SHA-256 (64 hex digits) of the canonical JSON of `v`. */
export function canonicalHash(v: unknown): string {
  return createHash('sha256').update(canonicalJson(v)).digest('hex');
}
