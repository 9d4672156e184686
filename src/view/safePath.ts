/**
 * Where `plateau view` may read: files inside its served folders, nothing else. A request path is split into
 * segments, each percent-decoded once; a segment that decodes to '', '.', '..', or holds '/', '\' or NUL is refused
 * (so neither `../` nor `%2e%2e%2f` nor `..%5c` climbs). The joined path is then resolved through every symlink
 * (realpath) and must still lie inside the real path of its folder, so a symlink cannot lead out either.
 */
import * as fs from 'fs';
import * as path from 'path';

export type PathCheck = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404; reason: string };

/** The decoded segments of a URL path (no query), or null when one is malformed or climbs. */
export function urlSegments(urlPath: string): string[] | null {
  const raw = urlPath.split('/').filter((s, i, a) => !(s === '' && (i === 0 || i === a.length - 1)));
  const out: string[] = [];
  for (const s of raw) {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      return null; // a lone % or a broken UTF-8 sequence
    }
    if (d === '' || d === '.' || d === '..' || /[/\\\0]/.test(d)) return null;
    out.push(d);
  }
  return out;
}

/** True when `p` is `dir` or lies below it (both absolute and normalised). */
export function isInside(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The real path of `segments` under the folder `root` if it exists and, after following symlinks, is inside the
 * real path of `root`; otherwise why not (403 for anything that leads out, 404 for what does not exist).
 */
export function resolveInside(root: string, segments: readonly string[]): PathCheck {
  let rootReal: string;
  try {
    rootReal = fs.realpathSync(root);
  } catch {
    return { ok: false, status: 404, reason: 'the served folder does not exist' };
  }
  for (const s of segments)
    if (s === '' || s === '.' || s === '..' || /[/\\\0]/.test(s))
      return { ok: false, status: 400, reason: 'malformed path' };
  const joined = path.join(rootReal, ...segments);
  if (!isInside(rootReal, joined)) return { ok: false, status: 403, reason: 'outside the served folders' };
  let real: string;
  try {
    real = fs.realpathSync(joined);
  } catch {
    return { ok: false, status: 404, reason: 'no such file' };
  }
  if (!isInside(rootReal, real))
    return { ok: false, status: 403, reason: 'outside the served folders (a symlink leads out)' };
  return { ok: true, file: real };
}
