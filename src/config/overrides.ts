/**
 * Command-line overrides of JSON configs: `--set optimizer.lr=0.05 --set loss='{"loss":"kl"}'` sets any key by its
 * dotted path before validation, so every config option is also a command-line option. Values are read as JSON when
 * they parse (numbers, booleans, null, objects, arrays) and as strings otherwise.
 */
import { ConfigError } from '../errors';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseOverride(arg: string): { path: string[]; value: unknown } {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--set ${arg}: expected key.path=value`);
  const path = arg.slice(0, eq).split('.');
  if (path.some((k) => !/^[A-Za-z_][\w-]*$|^\d+$/.test(k)))
    throw new ConfigError(`--set ${arg}: malformed key path "${arg.slice(0, eq)}"`);
  // these name the prototype machinery of every object, never a config key: refused before they reach an object
  const forbidden = path.find((k) => FORBIDDEN_KEYS.has(k));
  if (forbidden) throw new ConfigError(`--set ${arg}: "${forbidden}" is not a config key`);
  const text = arg.slice(eq + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    /* a plain string */
  }
  return { path, value };
}

/** A copy of `config` with each override applied in order (creating intermediate objects as needed). */
export function applyOverrides(config: unknown, overrides: readonly string[]): unknown {
  const root = structuredClone(config ?? {}) as Record<string, unknown>;
  for (const arg of overrides) {
    const { path, value } = parseOverride(arg);
    let node = root;
    for (const key of path.slice(0, -1)) {
      const next = Object.hasOwn(node, key) ? node[key] : undefined;
      if (next === undefined || next === null || typeof next !== 'object') node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return root;
}
