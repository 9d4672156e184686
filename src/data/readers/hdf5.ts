/**
 * HDF5 event files through h5wasm (the HDF5 C library compiled to WebAssembly; maintained by NIST). A column is a 1-D
 * numeric dataset by path ("mass", "run1/muons/pt"), a field of a 1-D compound dataset ("events[pt1]"), or a column
 * of a 2-D table by index or by the name listed in a string attribute such as LHEH5's `properties` ("events[3]",
 * "events[aqcd]"). Paths are walked one group at a time, so a missing or misplaced name is one error line listing what
 * is there, never the library's diagnostics (which it prints when asked about a path that crosses a missing link).
 */
import * as fs from 'fs';
import nodeFs from 'fs'; // the module object itself, whose writeSync Emscripten calls (the namespace import is read-only)
import { ConfigError } from '../../errors';
import { ColumnSource } from './derived';
import { loadOptional } from './optional';

/** The part of h5wasm's API used here. */
export interface H5wasm {
  ready: Promise<unknown>;
  File: new (file: string, mode: string) => H5File;
  Dataset: new (...a: never[]) => H5Dataset;
  Group: new (...a: never[]) => H5Group;
}
interface H5Attr { value: unknown; shape: number[] | null }
interface H5Entity { type?: string; attrs: Record<string, H5Attr> }
export interface H5Dataset extends H5Entity {
  shape: number[] | null;
  metadata: { type: number; compound_type?: { members: { name: string; type: number }[] } };
  value: unknown;
  slice(ranges: ([] | [number | null, number | null])[]): unknown;
}
interface H5Group extends H5Entity { get(p: string): H5Entity | null; keys(): string[] }
interface H5File extends H5Group { close(): void }

const INSTALL = 'npm install h5wasm';
/** HDF5 datatype classes (H5Tpublic.h): integer and float are the numeric ones; compound is a record. */
const H5T_INTEGER = 0, H5T_FLOAT = 1, H5T_COMPOUND = 6;

export async function loadH5wasm(): Promise<H5wasm> {
  const h5 = loadOptional<H5wasm>('h5wasm', './node', 'reading HDF5 files', INSTALL);
  await h5.ready;
  return h5;
}

/** The HDF5 superblock signature \x89HDF\r\n\x1a\n sits at byte 0, 512, 1024, 2048, … (HDF5 File Format Spec §II.A). */
function hasHdf5Signature(file: string): boolean {
  const sig = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]), size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r'), buf = Buffer.alloc(8);
  try {
    for (let off = 0; off + 8 <= size; off = off === 0 ? 512 : off * 2) {
      fs.readSync(fd, buf, 0, 8, off);
      if (buf.equals(sig)) return true;
    }
    return false;
  } finally {
    fs.closeSync(fd);
  }
}

/** An open HDF5 file: datasets by path, with errors that name the file and what each group holds. */
export interface Hdf5File {
  file: string;
  h5: H5wasm;
  dataset(path: string): H5Dataset;
  /** The dataset at `path`, or null (no diagnostics either way). */
  find(path: string): H5Dataset | null;
  /** Every dataset path with its shape, for error messages. */
  listing(): string;
  close(): void;
}

/**
 * Runs `fn` with the HDF5 library's diagnostic printout (an "HDF5-DIAG" error stack of some 40 lines that Emscripten
 * writes to file descriptor 2 with fs.writeSync) captured instead of shown, so a bad file is one line; returns what fn
 * returned or threw, and the captured text.
 */
function withDiagnosticsCaptured<T>(fn: () => T): { value?: T; error?: unknown; diagnostics: string } {
  let diagnostics = '';
  const writeSync = nodeFs.writeSync;
  nodeFs.writeSync = ((fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 2) return (writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
    const text = typeof data === 'string' ? data : Buffer.from(data as Uint8Array).subarray((rest[0] as number) ?? 0, ((rest[0] as number) ?? 0) + ((rest[1] as number) ?? (data as Uint8Array).length)).toString();
    diagnostics += text;
    return typeof data === 'string' ? Buffer.byteLength(data) : ((rest[1] as number) ?? (data as Uint8Array).length);
  }) as typeof nodeFs.writeSync;
  try {
    return { value: fn(), diagnostics };
  } catch (error) {
    return { error, diagnostics };
  } finally {
    nodeFs.writeSync = writeSync;
  }
}

/**
 * Runs `fn` (any call into the HDF5 library) with its diagnostic printout captured: every access, not only the open,
 * can print an error stack for a damaged file. Returns fn's value or rethrows its error.
 */
export function quietly<T>(fn: () => T): T {
  const r = withDiagnosticsCaptured(fn);
  if (r.error !== undefined) throw r.error;
  return r.value as T;
}

export async function openHdf5(file: string): Promise<Hdf5File> {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  if (fs.statSync(file).isDirectory()) throw new ConfigError(`${file}: is a directory, not a file`);
  if (fs.statSync(file).size === 0) throw new ConfigError(`${file}: empty file`);
  if (!hasHdf5Signature(file)) throw new ConfigError(`${file}: not a readable HDF5 file (no HDF5 signature)`);
  const h5 = await loadH5wasm();
  const opened = withDiagnosticsCaptured(() => {
    const g = new h5.File(file, 'r');
    g.keys();
    return g;
  });
  if (opened.error !== undefined || !opened.value) {
    // the library's own reason is the last line of its first error stack, e.g. "truncated file: eof = 600, …, stored_eof = 2688"
    const first = opened.diagnostics.split('HDF5-DIAG').filter((b) => b.trim())[0] ?? '';
    const why = /\(\): (.*)$/.exec(first.trim().split('\n').filter((l) => /#\d+:/.test(l)).pop() ?? '')?.[1] ?? String((opened.error as Error)?.message ?? opened.error).split('\n')[0];
    throw new ConfigError(`${file}: not a readable HDF5 file (${why})`);
  }
  const f: H5File = opened.value;
  const walk = (path: string): { entity: H5Entity | null; problem: string } => {
    let g: H5Group = f, at = '';
    const parts = path.replace(/^\/+/, '').split('/').filter((p) => p !== '');
    for (let i = 0; i < parts.length; i++) {
      const keys = g.keys();
      if (!keys.includes(parts[i])) return { entity: null, problem: `no "${parts[i]}" in ${at ? `group "${at}"` : 'the top level'} (it has: ${keys.join(', ') || 'nothing'})` };
      const e = g.get(parts[i]);
      at = at ? `${at}/${parts[i]}` : parts[i];
      if (i === parts.length - 1) return { entity: e, problem: e ? '' : `"${at}" cannot be opened` };
      if (!(e instanceof h5.Group)) return { entity: null, problem: `"${at}" is a ${e?.type ?? 'broken link'}, not a group` };
      g = e as H5Group;
    }
    return { entity: null, problem: 'empty dataset path' };
  };
  const datasets = (g: H5Group, prefix: string, out: string[]) => {
    for (const k of g.keys()) {
      const e = g.get(k), p = prefix ? `${prefix}/${k}` : k;
      if (e instanceof h5.Group) datasets(e as H5Group, p, out);
      else if (e instanceof h5.Dataset) out.push(`${p} [${(e as H5Dataset).shape ?? ''}]`);
      if (out.length > 30) return;
    }
  };
  return {
    file, h5,
    find: (path) => quietly(() => { const w = walk(path); return w.entity instanceof h5.Dataset ? (w.entity as H5Dataset) : null; }),
    dataset: (path) => quietly(() => {
      const w = walk(path);
      if (!w.entity) throw new ConfigError(`${file}: dataset "${path}": ${w.problem}`);
      if (!(w.entity instanceof h5.Dataset)) throw new ConfigError(`${file}: "${path}" is a ${w.entity.type}, not a dataset`);
      return w.entity as H5Dataset;
    }),
    listing: () => quietly(() => { const out: string[] = []; datasets(f, '', out); return `datasets: ${out.slice(0, 30).join(', ')}${out.length > 30 ? ', …' : ''}`; }),
    close: () => quietly(() => f.close()),
  };
}

/** `path`, `path[field]` or `path[column]`: a dataset path and an optional column key. */
export function parseColumnRef(name: string): { path: string; key?: string } {
  const m = /^(.*)\[([^[\]]+)\]$/.exec(name.trim());
  return m ? { path: m[1], key: m[2].trim() } : { path: name.trim() };
}

/** Column names of a 2-D table: the first attribute that is a list of as many strings as the table has columns. */
function tableColumnNames(ds: H5Dataset, nCols: number): string[] | null {
  for (const a of Object.values(ds.attrs)) {
    const v = a.value;
    if (Array.isArray(v) && v.length === nCols && v.every((s) => typeof s === 'string')) return v as string[];
  }
  return null;
}

const toFloat64 = (v: unknown): Float64Array | null => (ArrayBuffer.isView(v) || Array.isArray(v) ? Float64Array.from(v as ArrayLike<number | bigint>, Number) : null);

/** One numeric column by reference; throws a one-line error naming the file, dataset and column. */
export function readHdf5Column(h: Hdf5File, name: string): Float64Array {
  return quietly(() => readColumn(h, name));
}

function readColumn(h: Hdf5File, name: string): Float64Array {
  const { path, key } = parseColumnRef(name), ds = h.dataset(path), shape = ds.shape ?? [];
  const where = `${h.file}: dataset "${path}"`;
  let col: Float64Array | null;
  if (ds.metadata.type === H5T_COMPOUND) {
    const members = ds.metadata.compound_type?.members.map((m) => m.name) ?? [];
    if (key === undefined) throw new ConfigError(`${where} is a table; name a field as ${path}[field] (fields: ${members.join(', ')})`);
    if (shape.length !== 1) throw new ConfigError(`${where} is a compound table of shape [${shape}]; only 1-D tables are read`);
    const j = members.indexOf(key);
    if (j < 0) throw new ConfigError(`${where} has no field "${key}" (fields: ${members.join(', ')})`);
    if (![H5T_INTEGER, H5T_FLOAT].includes(ds.metadata.compound_type!.members[j].type)) throw new ConfigError(`${where} field "${key}" is not numeric`);
    col = Float64Array.from(ds.value as unknown[][], (row) => Number(row[j]));
  } else {
    if (![H5T_INTEGER, H5T_FLOAT].includes(ds.metadata.type)) throw new ConfigError(`${where} is not numeric`);
    if (shape.length === 1) {
      if (key !== undefined) throw new ConfigError(`${where} is 1-D; it has no column "${key}" (use "${path}")`);
      col = toFloat64(ds.value);
    } else if (shape.length === 2) {
      const names = tableColumnNames(ds, shape[1]);
      const list = names ? `columns: ${names.join(', ')}` : `columns 0..${shape[1] - 1}; no attribute names them`;
      if (key === undefined) throw new ConfigError(`${where} is a 2-D table [${shape}]; name a column as ${path}[name] or ${path}[index] (${list})`);
      const j = /^\d+$/.test(key) ? Number(key) : names ? names.indexOf(key) : -1;
      if (!(j >= 0 && j < shape[1])) throw new ConfigError(`${where} has no column "${key}" (${list})`);
      col = toFloat64(ds.slice([[], [j, j + 1]]));
    } else throw new ConfigError(`${where} has shape [${shape}]; a column is a 1-D dataset or a column of a 2-D table`);
  }
  if (!col) throw new ConfigError(`${where} is not numeric`);
  const bad = col.findIndex((x) => !Number.isFinite(x));
  if (bad >= 0) throw new ConfigError(`${h.file}: column "${name}" row ${bad + 1} is ${col[bad]}, not a finite number`);
  return col;
}

/** Reads columns (see the header for the naming) from an HDF5 file; all must have the same length. */
export async function readHdf5Columns(file: string, names: readonly string[]): Promise<{ columns: Record<string, Float64Array>; rows: number }> {
  if (names.length === 0) throw new ConfigError(`${file}: no columns requested`);
  const h = await openHdf5(file);
  try {
    return readOpenColumns(h, names);
  } finally {
    h.close();
  }
}

function readOpenColumns(h: Hdf5File, names: readonly string[]): { columns: Record<string, Float64Array>; rows: number } {
  const columns: Record<string, Float64Array> = {};
  let rows = -1;
  for (const name of names) {
    const c = readHdf5Column(h, name);
    if (rows >= 0 && c.length !== rows) throw new ConfigError(`${h.file}: column "${name}" has ${c.length} rows, "${names[0]}" has ${rows}`);
    rows = c.length;
    columns[name] = c;
  }
  if (rows === 0) throw new ConfigError(`${h.file}: the columns are empty`);
  return { columns, rows };
}

/** An HDF5 file as a column source (for derived features); open until `close`. */
export async function hdf5Source(file: string): Promise<ColumnSource> {
  const h = await openHdf5(file);
  return {
    file,
    has: (name) => h.find(parseColumnRef(name).path) !== null,
    describe: () => h.listing(),
    read: async (names) => readOpenColumns(h, names).columns,
    close: () => h.close(),
  };
}
