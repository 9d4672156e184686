/**
 * Loading optional, ESM-only reader packages (h5wasm, jsroot) from plateau's CommonJS code. Node ≥ 20.19 can
 * `require()` an ES module without top-level await; we locate the package folder ourselves (their `exports` maps offer
 * only an `import` condition) and load the entry with Node's own require, which also works inside jest's sandbox.
 * A package that is not installed gives one ConfigError line saying how to install it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../../errors';

interface NodeModule { createRequire(file: string): NodeRequire }

/** Node's real `require` (not a test runner's wrapper). */
function nativeRequire(): NodeRequire {
  const getBuiltin = (process as unknown as { getBuiltinModule?: (n: string) => unknown }).getBuiltinModule;
  const mod = (getBuiltin ? getBuiltin('module') : require('module')) as NodeModule;
  return mod.createRequire(__filename);
}

/** The folder of an installed package, searching node_modules upwards from this file and from the working directory. */
export function findPackageDir(pkg: string): string | null {
  for (const start of [__dirname, process.cwd()]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      const cand = path.join(dir, 'node_modules', pkg);
      if (fs.existsSync(path.join(cand, 'package.json'))) return cand;
      if (path.dirname(dir) === dir) break;
    }
  }
  return null;
}

/**
 * Loads `pkg`'s export `subpath` ('.' or './node', …). `install` is the command shown when it is missing.
 * `resolveDir` is injectable for tests (to simulate an absent package).
 */
export function loadOptional<T>(pkg: string, subpath: string, purpose: string, install: string, resolveDir: (p: string) => string | null = findPackageDir): T {
  const dir = resolveDir(pkg);
  if (!dir) throw new ConfigError(`${purpose} needs the optional package ${pkg}, which is not installed: run \`${install}\``);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { exports?: Record<string, unknown>; main?: string; version?: string };
  const entry = meta.exports?.[subpath];
  const rel = typeof entry === 'string' ? entry : ((entry as Record<string, string> | undefined)?.import ?? (entry as Record<string, string> | undefined)?.default ?? (subpath === '.' ? meta.main : undefined));
  if (!rel) throw new ConfigError(`${purpose}: ${pkg}@${meta.version} has no export "${subpath}"; plateau was tested with other versions`);
  try {
    return nativeRequire()(path.join(dir, rel)) as T;
  } catch (e) {
    throw new ConfigError(`${purpose}: loading ${pkg}@${meta.version} failed (${(e as Error).message.split('\n')[0]}); Node ≥ 20.19 is needed to load it`);
  }
}
