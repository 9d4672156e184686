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

/** Reads 1-D numeric datasets by path from an HDF5 file. */
export async function readHdf5Columns(file: string, names: readonly string[]): Promise<{ columns: Record<string, Float64Array>; rows: number }> {
  if (names.length === 0) throw new ConfigError(`${file}: no columns requested`);
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  if (fs.statSync(file).size === 0) throw new ConfigError(`${file}: empty file`);
  if (!hasHdf5Signature(file)) throw new ConfigError(`${file}: not a readable HDF5 file (no HDF5 signature)`);
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
      let d: H5Entity | null | undefined;
      try {
        d = f.get(name);
      } catch {
        d = null;
      }
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
