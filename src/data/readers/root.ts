/**
 * ROOT TTrees through jsroot (the ROOT team's JavaScript I/O). jsroot is an optional dependency whose own dependency
 * `canvas` has a native build that fails without cairo; package.json's `allowScripts` tells npm ≥ 11 to skip that
 * build (reading never loads canvas), so `npm ci` installs jsroot. An npm that ignores allowScripts and cannot build
 * canvas drops jsroot instead of failing; then the one-line error gives the install command. Branches are scalar
 * numeric leaves chosen by name; values must be finite.
 */
import * as fs from 'fs';
import { ConfigError } from '../../errors';
import { ColumnSource } from './derived';
import { findPackageDir, loadOptional } from './optional';

export const JSROOT_INSTALL = 'npm install --no-save --ignore-scripts jsroot';

interface TKey { fName: string; fClassName: string }
interface TFile { fKeys: TKey[]; readObject(name: string): Promise<TTree> }
interface TTree { _typename: string; fEntries: number; fBranches: { arr: { fName: string }[] } }
interface Selector { addBranch(b: string): number; tgtobj: Record<string, unknown>; Process(entry: number): void }
interface JsrootIo { openFile(path: string): Promise<TFile> }
interface JsrootTree { TSelector: new () => Selector; treeProcess(tree: TTree, sel: Selector): Promise<unknown> }

/** Loads jsroot's I/O and tree modules, or throws a one-line ConfigError with the install command. */
export function loadJsroot(resolveDir: (p: string) => string | null = findPackageDir): { io: JsrootIo; tree: JsrootTree } {
  const purpose = 'reading ROOT files';
  return { io: loadOptional<JsrootIo>('jsroot', './io', purpose, JSROOT_INSTALL, resolveDir), tree: loadOptional<JsrootTree>('jsroot', './tree', purpose, JSROOT_INSTALL, resolveDir) };
}

/** A ROOT file starts with "root" and a header whose fEND is the file's length (ROOT file format, TFile header). */
function checkRootLength(file: string): void {
  const fd = fs.openSync(file, 'r'), h = Buffer.alloc(20), size = fs.fstatSync(fd).size;
  fs.readSync(fd, h, 0, 20, 0);
  fs.closeSync(fd);
  if (h.subarray(0, 4).toString('latin1') !== 'root') throw new ConfigError(`${file}: not a readable ROOT file (it does not start with "root")`);
  const version = h.readUInt32BE(4), end = version >= 1000000 ? Number(h.readBigUInt64BE(12)) : h.readUInt32BE(12);
  if (end > size) throw new ConfigError(`${file}: truncated: the ROOT header says ${end} bytes, the file has ${size}`);
}

interface OpenTree { tree: TTree; branches: string[]; tr: JsrootTree }

async function openTree(file: string, treeName: string, resolveDir?: (p: string) => string | null): Promise<OpenTree> {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  if (fs.statSync(file).isDirectory()) throw new ConfigError(`${file}: is a directory, not a file`);
  if (fs.statSync(file).size === 0) throw new ConfigError(`${file}: empty file`);
  checkRootLength(file);
  const { io, tree: tr } = loadJsroot(resolveDir);
  let f: TFile;
  try {
    f = await io.openFile(file);
  } catch (e) {
    throw new ConfigError(`${file}: not a readable ROOT file (${(e as Error).message})`);
  }
  const key = f.fKeys.find((k) => k.fName === treeName);
  const trees = f.fKeys.filter((k) => k.fClassName === 'TTree' || k.fClassName === 'TNtuple').map((k) => k.fName);
  if (!key) throw new ConfigError(`${file}: no tree "${treeName}" (trees: ${trees.join(', ') || 'none'})`);
  if (key.fClassName !== 'TTree' && key.fClassName !== 'TNtuple') throw new ConfigError(`${file}: "${treeName}" is a ${key.fClassName}, not a TTree`);
  let t: TTree;
  try {
    t = await f.readObject(treeName);
  } catch (e) {
    throw new ConfigError(`${file}: reading tree "${treeName}" failed (${(e as Error).message})`);
  }
  return { tree: t, branches: t.fBranches.arr.map((b) => b.fName), tr };
}

/** A TTree as a column source (branches by name; derived features from readers/derived.ts). */
export async function rootSource(file: string, treeName: string, resolveDir?: (p: string) => string | null): Promise<ColumnSource> {
  const o = await openTree(file, treeName, resolveDir);
  return { file, has: (b) => o.branches.includes(b), describe: () => `tree "${treeName}" branches: ${o.branches.join(', ')}`, read: async (names) => (await readBranches(file, treeName, o, names)).columns };
}

/** Reads scalar numeric branches of TTree `treeName` into columns. */
export async function readRootColumns(file: string, treeName: string, branches: readonly string[], resolveDir?: (p: string) => string | null): Promise<{ columns: Record<string, Float64Array>; rows: number }> {
  if (branches.length === 0) throw new ConfigError(`${file}: no branches requested`);
  return readBranches(file, treeName, await openTree(file, treeName, resolveDir), branches);
}

async function readBranches(file: string, treeName: string, o: OpenTree, branches: readonly string[]): Promise<{ columns: Record<string, Float64Array>; rows: number }> {
  const { tree: t, tr, branches: have } = o;
  for (const b of branches) if (!have.includes(b)) throw new ConfigError(`${file}: tree "${treeName}" has no branch "${b}" (branches: ${have.join(', ')})`);
  const sel = new tr.TSelector();
  for (const b of branches) sel.addBranch(b);
  const columns: Record<string, Float64Array> = Object.fromEntries(branches.map((b) => [b, new Float64Array(t.fEntries)]));
  let row = 0, problem: string | null = null;
  sel.Process = function process() {
    for (const b of branches) {
      const raw = sel.tgtobj[b], v = typeof raw === 'number' || typeof raw === 'bigint' || typeof raw === 'boolean' ? Number(raw) : NaN;
      if (!Number.isFinite(v) && !problem)
        problem = ArrayBuffer.isView(raw) || Array.isArray(raw)
          ? `${file}: tree "${treeName}" branch "${b}" holds arrays (entry ${row} has ${(raw as ArrayLike<unknown>).length} values); only scalar numeric branches are read`
          : `${file}: tree "${treeName}" entry ${row}, branch "${b}" is ${String(raw)}, not a finite number`;
      if (row < t.fEntries) columns[b][row] = v;
    }
    row++;
  };
  try {
    await tr.treeProcess(t, sel);
  } catch (e) {
    throw new ConfigError(`${file}: reading tree "${treeName}" failed (${(e as Error).message})`);
  }
  if (problem) throw new ConfigError(problem);
  if (row === 0) throw new ConfigError(`${file}: tree "${treeName}" has no entries`);
  return { columns: Object.fromEntries(branches.map((b) => [b, columns[b].subarray(0, row)])), rows: row };
}
