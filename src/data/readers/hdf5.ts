/**
 * HDF5 event files through h5wasm (the HDF5 C library compiled to WebAssembly; maintained by NIST). Columns are
 * 1-D numeric datasets chosen by path ("mass" or "events/pt1"); all must have the same length; values must be finite.
 */
import * as fs from 'fs';
import { ConfigError } from '../../errors';
import { loadOptional } from './optional';

/** The part of h5wasm's API used here. */
export interface H5wasm {
  ready: Promise<unknown>;
  File: new (file: string, mode: string) => H5File;
  Dataset: new (...a: never[]) => H5Dataset;
}
interface H5Entity { type?: string }
interface H5Dataset extends H5Entity { shape: number[] | null; dtype: unknown; value: unknown }
interface H5File { get(p: string): H5Entity | null | undefined; keys(): string[]; close(): void }

const INSTALL = 'npm install h5wasm';

export async function loadH5wasm(): Promise<H5wasm> {
  const h5 = loadOptional<H5wasm>('h5wasm', './node', 'reading HDF5 files', INSTALL);
  await h5.ready;
  return h5;
}

/** Reads 1-D numeric datasets by path from an HDF5 file. */
export async function readHdf5Columns(file: string, names: readonly string[]): Promise<{ columns: Record<string, Float64Array>; rows: number }> {
  if (names.length === 0) throw new ConfigError(`${file}: no columns requested`);
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  if (fs.statSync(file).size === 0) throw new ConfigError(`${file}: empty file`);
  const h5 = await loadH5wasm();
  let f: H5File;
  try {
    f = new h5.File(file, 'r');
  } catch (e) {
    throw new ConfigError(`${file}: not a readable HDF5 file (${String((e as Error).message ?? e).split('\n')[0]})`);
  }
  try {
    const columns: Record<string, Float64Array> = {};
    let rows = -1;
    for (const name of names) {
      const d = f.get(name);
      if (!d || !(d instanceof h5.Dataset)) throw new ConfigError(`${file}: no dataset "${name}" (top level has: ${f.keys().join(', ')})`);
      const ds = d as H5Dataset;
      if (!ds.shape || ds.shape.length !== 1) throw new ConfigError(`${file}: dataset "${name}" has shape [${ds.shape}], expected 1-D`);
      const v = ds.value;
      if (!ArrayBuffer.isView(v) && !Array.isArray(v)) throw new ConfigError(`${file}: dataset "${name}" is not numeric`);
      const arr = Float64Array.from(v as ArrayLike<number | bigint>, Number);
      const bad = arr.findIndex((x) => !Number.isFinite(x));
      if (bad >= 0) throw new ConfigError(`${file}: dataset "${name}" row ${bad + 1} is ${arr[bad]}, not a finite number`);
      if (rows >= 0 && arr.length !== rows) throw new ConfigError(`${file}: dataset "${name}" has ${arr.length} rows, "${names[0]}" has ${rows}`);
      rows = arr.length;
      columns[name] = arr;
    }
    if (rows === 0) throw new ConfigError(`${file}: the datasets are empty`);
    return { columns, rows };
  } finally {
    f.close();
  }
}
