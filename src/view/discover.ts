/**
 * Finds what `plateau view` shows under its served folders: training runs (run.json with a config hash), gradient
 * scans (scan.json) and loss comparisons (report.json), by walking the folders breadth-first. Hidden folders,
 * node_modules and scan shards are skipped; a symlinked folder is followed only when it stays inside the served
 * folder. A run's id is `<index of its served folder>/<path below it>`, stable while the server runs.
 */
import * as fs from 'fs';
import * as path from 'path';
import { field, isObject, isString, readJsonCached } from './jsonFiles';
import { isInside } from './safePath';

export type EntryKind = 'train' | 'scan' | 'compare';

export interface ServedRoot {
  index: number;
  /** As the user gave it. */
  shown: string;
  /** Absolute. */
  dir: string;
}

export interface Found {
  id: string;
  kind: EntryKind;
  root: number;
  /** Path below the served folder, '/'-separated ('.' for the folder itself). */
  rel: string;
  dir: string;
  /** The id of the comparison a training run belongs to, or null. */
  group: string | null;
}

const MAX_DEPTH = 8;
const MAX_FOLDERS = 20000;
const SKIP = new Set(['node_modules', 'shards']);

/** What the folder holds, judged by its marker file. */
export function kindOf(dir: string): EntryKind | null {
  const run = readJsonCached(path.join(dir, 'run.json'));
  if (isString(field(run, 'configHash', isString)) && isObject(field(run, 'config', isObject))) return 'train';
  if (field(readJsonCached(path.join(dir, 'scan.json')), 'schema', isString)?.startsWith('plateau.scan/'))
    return 'scan';
  if (field(readJsonCached(path.join(dir, 'report.json')), 'format', isString)?.startsWith('plateau-compare-report/'))
    return 'compare';
  return null;
}

export function discover(roots: readonly ServedRoot[]): Found[] {
  const out: Found[] = [];
  let folders = 0;
  for (const root of roots) {
    let rootReal: string;
    try {
      rootReal = fs.realpathSync(root.dir);
    } catch {
      continue; // not there (yet)
    }
    const seen = new Set<string>([rootReal]);
    const queue: { dir: string; rel: string; depth: number; group: string | null }[] = [
      { dir: rootReal, rel: '.', depth: 0, group: null },
    ];
    while (queue.length && folders++ < MAX_FOLDERS) {
      const { dir, rel, depth, group } = queue.shift()!;
      const kind = kindOf(dir);
      const id = `${root.index}/${rel}`;
      if (kind) out.push({ id, kind, root: root.index, rel, dir, group: kind === 'train' ? group : null });
      // runs and scans hold no further runs; a comparison holds its runs in runs/<id>/
      if (kind === 'train' || kind === 'scan' || depth >= MAX_DEPTH) continue;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.name.startsWith('.') || SKIP.has(e.name) || !(e.isDirectory() || e.isSymbolicLink())) continue;
        let real: string;
        try {
          real = fs.realpathSync(path.join(dir, e.name));
          if (!fs.statSync(real).isDirectory()) continue;
        } catch {
          continue;
        }
        if (!isInside(rootReal, real) || seen.has(real)) continue;
        seen.add(real);
        queue.push({
          dir: real,
          rel: rel === '.' ? e.name : `${rel}/${e.name}`,
          depth: depth + 1,
          group: kind === 'compare' ? id : group,
        });
      }
    }
  }
  return out;
}
