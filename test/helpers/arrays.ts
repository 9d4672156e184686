/** Small array files written by tests: .npy bytes by the NEP 1 layout, .npz through fflate, HDF5 through h5wasm. */
import * as fs from 'fs';
import { zipSync } from 'fflate';
import { loadH5wasm } from '../../src/data/readers/hdf5';

/** A version-1 .npy file of little-endian float32 (or float64) values in C order. */
export function npyBytes(data: Float32Array | Float64Array, shape: number[], version: 1 | 2 = 1): Uint8Array {
  const descr = data instanceof Float32Array ? '<f4' : '<f8';
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pre = version === 1 ? 10 : 12;
  header += ' '.repeat(63 - ((pre + header.length) % 64)) + '\n'; // data aligned to 64 bytes, as numpy does
  const out = new Uint8Array(pre + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const dv = new DataView(out.buffer);
  if (version === 1) dv.setUint16(8, header.length, true);
  else dv.setUint32(8, header.length, true);
  out.set(new TextEncoder().encode(header), pre);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), pre + header.length);
  return out;
}

export function writeNpy(file: string, data: Float32Array | Float64Array, shape: number[]): string {
  fs.writeFileSync(file, npyBytes(data, shape));
  return file;
}

/** A .npz of named arrays, deflated (numpy.savez_compressed) or stored (numpy.savez). */
export function writeNpz(
  file: string,
  arrays: Record<string, [Float32Array | Float64Array, number[]]>,
  compressed: boolean,
): string {
  const members = Object.fromEntries(Object.entries(arrays).map(([k, [d, s]]) => [`${k}.npy`, npyBytes(d, s)]));
  fs.writeFileSync(file, zipSync(members, { level: compressed ? 6 : 0 }));
  return file;
}

/** An HDF5 file with the given datasets (path → [data, shape]); groups on the way are created. */
export async function writeH5(
  file: string,
  datasets: Record<string, [Float32Array | Float64Array | Int32Array, number[]]>,
): Promise<string> {
  const h5 = await loadH5wasm();
  const w = new h5.File(file, 'w') as unknown as {
    create_dataset(o: object): unknown;
    create_group(n: string): unknown;
    get(p: string): unknown;
    close(): void;
  };
  for (const [p, [data, shape]] of Object.entries(datasets)) {
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const g = parts.slice(0, i).join('/');
      if (!w.get(g)) w.create_group(g);
    }
    w.create_dataset({ name: p, data, shape });
  }
  w.close();
  return file;
}
