/**
 * NumPy arrays (.npy, and .npz archives of them), read in chunks of leading-axis rows so a large array never sits in
 * memory whole. Format: the NEP 1 / numpy.lib.format description — magic "\x93NUMPY", version, a little-endian header
 * length (2 bytes in version 1, 4 in versions 2 and 3), a Python dict literal with descr, fortran_order and shape,
 * then the raw C-ordered data. A .npz is a zip of .npy members, stored or deflated (numpy writes zip64 headers); fflate
 * streams it. Numeric little- or big-endian descrs are read; structured, object and Fortran-ordered arrays are refused.
 */
import * as fs from 'fs';
import { Unzip, UnzipInflate } from 'fflate';
import { ConfigError } from '../../errors';

export interface NpyHeader {
  descr: string;
  shape: number[];
  /** Bytes before the data. */
  dataOffset: number;
  itemSize: number;
}

const KINDS: Record<string, (dv: DataView, o: number, le: boolean) => number> = {
  f4: (dv, o, le) => dv.getFloat32(o, le), f8: (dv, o, le) => dv.getFloat64(o, le),
  i1: (dv, o) => dv.getInt8(o), u1: (dv, o) => dv.getUint8(o), i2: (dv, o, le) => dv.getInt16(o, le), u2: (dv, o, le) => dv.getUint16(o, le),
  i4: (dv, o, le) => dv.getInt32(o, le), u4: (dv, o, le) => dv.getUint32(o, le),
  i8: (dv, o, le) => Number(dv.getBigInt64(o, le)), u8: (dv, o, le) => Number(dv.getBigUint64(o, le)),
};
const FAST: Record<string, new (b: ArrayBuffer) => ArrayLike<number>> = { f4: Float32Array, f8: Float64Array, i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array };

/** Parses the header at the start of `buf`; null when `buf` is too short to hold it yet. */
export function parseNpyHeader(buf: Uint8Array, where: string): NpyHeader | null {
  if (buf.length < 10) return null;
  const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];
  if (magic.some((b, i) => buf[i] !== b)) throw new ConfigError(`${where}: not a NumPy .npy array (no \\x93NUMPY magic)`);
  const major = buf[6], dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (major < 1 || major > 3) throw new ConfigError(`${where}: .npy format version ${major} is not known (1, 2 or 3)`);
  const lenBytes = major === 1 ? 2 : 4;
  if (buf.length < 8 + lenBytes) return null;
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true), dataOffset = 8 + lenBytes + hlen;
  if (buf.length < dataOffset) return null;
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(buf.subarray(8 + lenBytes, dataOffset));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (!descr || !fortran || shapeText === undefined) throw new ConfigError(`${where}: unreadable .npy header (${/['"]descr['"]\s*:\s*\[/.test(text) ? 'structured arrays are not supported' : text.trim().slice(0, 80)})`);
  if (fortran === 'True') throw new ConfigError(`${where}: Fortran-ordered array; save it C-ordered (numpy.ascontiguousarray)`);
  const kind = descr.slice(1);
  if (!Object.hasOwn(KINDS, kind) || !'<>|='.includes(descr[0])) throw new ConfigError(`${where}: dtype ${descr} is not a numeric type plateau reads (float32/64, int8–64, uint8–64)`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new ConfigError(`${where}: bad shape (${shapeText})`);
  return { descr, shape, dataOffset, itemSize: Number(kind.slice(1)) };
}

/** Decodes `count` items of `descr` to Float64. */
export function decodeNpy(bytes: Uint8Array, descr: string): Float64Array {
  const kind = descr.slice(1), size = Number(kind.slice(1)), n = Math.floor(bytes.length / size);
  const little = descr[0] === '<' || descr[0] === '|' || (descr[0] === '=' && new Uint8Array(Uint16Array.of(1).buffer)[0] === 1);
  if (little && Object.hasOwn(FAST, kind)) return Float64Array.from(new FAST[kind](bytes.slice(0, n * size).buffer));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, n * size), get = KINDS[kind], out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = get(dv, i * size, little);
  return out;
}

/** Visits rows [start, end) of the leading axis, a chunk at a time: `onRows(firstRow, values, nRows)`. */
export type RowVisitor = (first: number, values: Float64Array, rows: number) => void;

const rowValues = (h: NpyHeader) => h.shape.slice(1).reduce((a, b) => a * b, 1);

/** Header of a .npy file. */
export function readNpyHeader(file: string): NpyHeader {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(65536 + 12, fs.fstatSync(fd).size));
    fs.readSync(fd, buf, 0, buf.length, 0);
    const h = parseNpyHeader(buf, file);
    if (!h) throw new ConfigError(`${file}: truncated .npy header`);
    const need = h.dataOffset + h.shape.reduce((a, b) => a * b, 1) * h.itemSize, size = fs.fstatSync(fd).size;
    if (size < need) throw new ConfigError(`${file}: truncated: shape [${h.shape}] of ${h.descr} needs ${need} bytes, the file has ${size}`);
    return h;
  } finally {
    fs.closeSync(fd);
  }
}

/** Reads rows of a .npy file by ranges (random access), `chunkRows` at a time. */
export function readNpyRows(file: string, h: NpyHeader, ranges: readonly [number, number][], chunkRows: number, onRows: RowVisitor): void {
  const per = rowValues(h) * h.itemSize, fd = fs.openSync(file, 'r');
  try {
    for (const [a, b] of ranges)
      for (let s = a; s < b; s += chunkRows) {
        const n = Math.min(chunkRows, b - s), buf = Buffer.alloc(n * per);
        const got = fs.readSync(fd, buf, 0, buf.length, h.dataOffset + s * per);
        if (got < buf.length) throw new ConfigError(`${file}: truncated at row ${s + Math.floor(got / per)}`);
        onRows(s, decodeNpy(buf, h.descr), n);
      }
  } finally {
    fs.closeSync(fd);
  }
}

/** The member names of a .npz archive (one streaming pass that inflates nothing). */
export async function npzMembers(file: string): Promise<string[]> {
  const names: string[] = [];
  await streamZip(file, (name) => { names.push(name.replace(/\.npy$/, '')); return false; });
  return names;
}

/**
 * Streams member `name` (without .npy) of a .npz: calls `onHeader` once, then `onRows` for each chunk of whole rows in
 * `ranges` (sorted, disjoint). The archive is read sequentially; nothing but the pending chunk is held.
 */
export async function readNpzRows(file: string, name: string, ranges: readonly [number, number][] | null, chunkRows: number, onHeader: (h: NpyHeader) => void, onRows: RowVisitor): Promise<void> {
  let found = false;
  const where = `${file}: array "${name}"`;
  await streamZip(file, (member) => member === `${name}.npy` && (found = true), (() => {
    let pending = new Uint8Array(0), h: NpyHeader | null = null, per = 0, row = 0, total = 0;
    const flush = (final: boolean) => {
      if (!h) {
        h = parseNpyHeader(pending, where);
        if (!h) { if (final) throw new ConfigError(`${where}: truncated .npy header`); return; }
        onHeader(h);
        per = rowValues(h) * h.itemSize;
        total = h.shape[0] ?? 1;
        if (per === 0) throw new ConfigError(`${where}: shape [${h.shape}] has no values per row`);
        pending = pending.subarray(h.dataOffset);
      }
      while (pending.length >= per * Math.min(chunkRows, total - row) && row < total) {
        const n = Math.min(chunkRows, total - row);
        const want = ranges === null || ranges.some(([a, b]) => a < row + n && b > row);
        if (want) onRows(row, decodeNpy(pending.subarray(0, n * per), h.descr), n);
        pending = pending.subarray(n * per);
        row += n;
      }
      if (final && row < total) throw new ConfigError(`${where}: truncated: ${row} of ${total} rows`);
    };
    return (chunk: Uint8Array, final: boolean) => {
      const joined = new Uint8Array(pending.length + chunk.length);
      joined.set(pending);
      joined.set(chunk, pending.length);
      pending = joined;
      flush(final);
    };
  })());
  if (!found) throw new ConfigError(`${file}: no array "${name}" (arrays: ${(await npzMembers(file)).join(', ')})`);
}

/** Pushes the zip through fflate; `want(name)` decides which members are inflated into `onData`. */
async function streamZip(file: string, want: (name: string) => boolean, onData?: (chunk: Uint8Array, final: boolean) => void): Promise<void> {
  let failure: Error | null = null, members = 0;
  const u = new Unzip();
  u.register(UnzipInflate);
  u.onfile = (f) => {
    members++;
    if (!want(f.name)) return;
    f.ondata = (err, data, final) => {
      if (failure) return;
      try {
        if (err) throw new ConfigError(`${file}: member ${f.name}: ${err.message}`);
        onData?.(data, final);
      } catch (e) {
        failure = e as Error;
      }
    };
    f.start();
  };
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    let last: Buffer | null = null;
    for await (const chunk of stream) {
      if (last) u.push(last, false);
      if (failure) break;
      last = chunk as Buffer;
    }
    if (last && !failure) u.push(last, true);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError(`${file}: damaged or truncated .npz archive (${(e as Error).message})`);
  }
  if (failure) throw failure;
  if (members === 0) throw new ConfigError(`${file}: not a .npz archive (no zip members)`);
}
