/**
 * Calorimeter image files as face images, chunk by chunk: HDF5 in the 3DGAN/CLIC layout (`ECAL` [N, 25, 25, 25],
 * depth last, plus `energy` in GeV) or the CaloChallenge layout (`showers` [N, voxels] plus `incident_energies` in MeV
 * and the binning XML), and NumPy .npy / .npz arrays [N, H, W] or [N, H, W, D]. Each chunk is summed over depth (pool.ts
 * `sumOverDepth`; CaloChallenge voxels through calochallenge.ts) into [n][ny][nx] face images; non-finite cells are an
 * error naming file, dataset, event and cell. Only the events of the requested ranges are read where the format
 * allows random access (HDF5, .npy); a .npz is streamed once.
 */
import * as fs from 'fs';
import { ConfigError } from '../../errors';
import { sumOverDepth } from '../showers/pool';
import { openHdf5, quietly } from '../readers/hdf5';
import { NpyHeader, npzMembers, readNpyHeader, readNpyRows, readNpzRows } from '../readers/npy';
import { faceProjector, readBinningXml, voxelsOf } from './calochallenge';

export type ImageLayout = '3dgan' | 'calochallenge' | 'array';
export type Ranges = [number, number][];

export interface ImageOptions {
  file: string;
  /** Array or dataset of the images; default ECAL, showers or images, whichever the file has. */
  dataset?: string;
  /** Energies: a dataset/array of the same file, or (for .npy) a .npy file; default energy or incident_energies. */
  energies?: string;
  binningXml?: string;
  /** Where the depth axis of a 4-D array sits. @default 'last' */
  depth?: 'first' | 'last';
  /** Unit of the energies in the file. @default MeV for CaloChallenge, GeV otherwise */
  energyUnit?: 'GeV' | 'MeV';
  /** Face grid (cells per side) for CaloChallenge voxels. @default 50 */
  faceCells?: number;
}

export interface ImageSource {
  file: string;
  dataset: string;
  layout: ImageLayout;
  nEvents: number;
  /** Shape of one event in the file. */
  eventShape: number[];
  ny: number;
  nx: number;
  /** How events become face images, for the data card. */
  projection: string;
  energiesGeV: Float64Array | null;
  energySource: string | null;
  /** Face images of the events in `ranges`, `chunk` events at a time: onFaces(firstEvent, faces [n][ny][nx], n). */
  read(ranges: Ranges, chunk: number, onFaces: (first: number, faces: Float64Array, n: number) => void): Promise<void>;
}

const DEFAULT_IMAGES = ['ECAL', 'showers', 'images'], DEFAULT_ENERGIES = ['energy', 'incident_energies'];

type Kind = 'hdf5' | 'npy' | 'npz';
function kindOf(file: string): Kind {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  if (fs.statSync(file).isDirectory()) throw new ConfigError(`${file}: is a directory, not a file`);
  if (fs.statSync(file).size === 0) throw new ConfigError(`${file}: empty file`);
  const fd = fs.openSync(file, 'r'), b = Buffer.alloc(8);
  fs.readSync(fd, b, 0, 8, 0);
  fs.closeSync(fd);
  if (b[0] === 0x93 && b.subarray(1, 6).toString('latin1') === 'NUMPY') return 'npy';
  if (b[0] === 0x50 && b[1] === 0x4b) return 'npz';
  if (/\.(h5|hdf5|he5)$/i.test(file) || b[1] === 0x48) return 'hdf5';
  throw new ConfigError(`${file}: not an HDF5, .npy or .npz file`);
}

/** The face geometry of an event shape: identity for 2-D, a depth sum for 3-D, CaloChallenge for voxel lists. */
function geometry(o: ImageOptions, where: string, shape: number[]): { layout: ImageLayout; ny: number; nx: number; projection: string; toFaces: (v: Float64Array, n: number) => Float64Array } {
  const ev = shape.slice(1);
  if (ev.length === 1 && o.binningXml) {
    const layers = readBinningXml(o.binningXml), nv = voxelsOf(layers), cells = o.faceCells ?? 50;
    if (ev[0] !== nv) throw new ConfigError(`${where} has ${ev[0]} voxels per event, ${o.binningXml} describes ${nv}`);
    const p = faceProjector(layers, cells);
    return {
      layout: 'calochallenge', ny: cells, nx: cells,
      projection: `CaloChallenge voxels (${layers.length} layers, ${o.binningXml}) summed over layers, each annular sector spread uniformly over its area onto ${cells}×${cells} face cells over ±${p.halfWidthMm} mm`,
      toFaces: (v, n) => { const out = new Float64Array(n * cells * cells); for (let e = 0; e < n; e++) p.project(v, e * nv, out, e * cells * cells); return out; },
    };
  }
  if (ev.length === 1) throw new ConfigError(`${where} has shape [${shape}]: voxel lists need their geometry (--binning-xml, the CaloChallenge binning file)`);
  if (ev.length === 2) return { layout: 'array', ny: ev[0], nx: ev[1], projection: `face images ${ev[0]}×${ev[1]} as stored`, toFaces: (v) => v };
  if (ev.length === 3) {
    const last = (o.depth ?? 'last') === 'last', [ny, nx, nz] = last ? ev : [ev[1], ev[2], ev[0]];
    return { layout: 'array', ny, nx, projection: `${ev.join('×')} cells summed over the depth axis (${last ? 'last' : 'first'}) onto ${ny}×${nx}`, toFaces: (v) => sumOverDepth(v, ny, nx, nz, last) };
  }
  throw new ConfigError(`${where} has shape [${shape}]; expected [N, H, W], [N, H, W, D] or CaloChallenge [N, voxels]`);
}

const checkFinite = (v: Float64Array, first: number, per: number, where: string) => {
  for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i])) throw new ConfigError(`${where}: event ${first + Math.floor(i / per)}, cell ${i % per} is ${v[i]}, not a finite number`);
};

/** Opens an image file; reads its energies (small) now and its images later, in chunks. */
export async function openImageSource(o: ImageOptions): Promise<ImageSource> {
  const kind = kindOf(o.file), unit = o.energyUnit;
  const toGeV = (e: Float64Array, layout: ImageLayout) => ((unit ?? (layout === 'calochallenge' ? 'MeV' : 'GeV')) === 'MeV' ? e.map((x) => x / 1000) : e);
  const energyCheck = (e: Float64Array, n: number, what: string) => {
    if (e.length !== n) throw new ConfigError(`${what} has ${e.length} values, the images ${n} events`);
    checkFinite(e, 0, 1, what);
    return e;
  };
  if (kind === 'hdf5') {
    const h = await openHdf5(o.file);
    try {
      const name = o.dataset ?? DEFAULT_IMAGES.find((d) => h.find(d));
      if (!name) throw new ConfigError(`${o.file}: no image dataset named ${DEFAULT_IMAGES.join(', ')}; choose one with --dataset (${h.listing()})`);
      const ds = h.dataset(name), shape = ds.shape ?? [], where = `${o.file}: dataset "${name}"`;
      if (![0, 1].includes(ds.metadata.type)) throw new ConfigError(`${where} is not numeric`);
      const g = geometry(o, where, shape), per = shape.slice(1).reduce((a, b) => a * b, 1);
      const eName = o.energies ?? DEFAULT_ENERGIES.find((d) => h.find(d));
      const energies = eName ? energyCheck(Float64Array.from(quietly(() => h.dataset(eName).value) as ArrayLike<number>, Number), shape[0], `${o.file}: dataset "${eName}"`) : null;
      const layout = name === 'ECAL' && g.layout === 'array' ? '3dgan' : g.layout;
      return {
        file: o.file, dataset: name, layout, nEvents: shape[0], eventShape: shape.slice(1), ny: g.ny, nx: g.nx, projection: g.projection,
        energiesGeV: energies && toGeV(energies, layout), energySource: eName ?? null,
        async read(ranges, chunk, onFaces) {
          const f = await openHdf5(o.file);
          try {
            const d = f.dataset(name);
            for (const [a, b] of ranges)
              for (let s = a; s < b; s += chunk) {
                const n = Math.min(chunk, b - s);
                const v = Float64Array.from(quietly(() => d.slice([[s, s + n], ...shape.slice(1).map(() => [] as [])])) as ArrayLike<number>);
                checkFinite(v, s, per, where);
                onFaces(s, g.toFaces(v, n), n);
              }
          } finally {
            f.close();
          }
        },
      };
    } finally {
      h.close();
    }
  }
  if (kind === 'npy') {
    const h = readNpyHeader(o.file), where = `${o.file}`, g = geometry(o, where, h.shape), per = h.shape.slice(1).reduce((a, b) => a * b, 1);
    let energies: Float64Array | null = null;
    if (o.energies) {
      const eh = readNpyHeader(o.energies), parts: Float64Array[] = [];
      readNpyRows(o.energies, eh, [[0, eh.shape[0] ?? 1]], 1 << 20, (_f, v) => parts.push(v));
      energies = energyCheck(concat(parts), h.shape[0], o.energies);
    }
    return {
      file: o.file, dataset: 'array', layout: g.layout, nEvents: h.shape[0], eventShape: h.shape.slice(1), ny: g.ny, nx: g.nx, projection: g.projection,
      energiesGeV: energies && toGeV(energies, g.layout), energySource: o.energies ?? null,
      read: async (ranges, chunk, onFaces) => readNpyRows(o.file, h, ranges, chunk, (s, v, n) => { checkFinite(v, s, per, where); onFaces(s, g.toFaces(v, n), n); }),
    };
  }
  const members = await npzMembers(o.file);
  const name = o.dataset ?? DEFAULT_IMAGES.find((d) => members.includes(d)) ?? (members.length === 1 ? members[0] : undefined);
  if (!name) throw new ConfigError(`${o.file}: choose the image array with --dataset (arrays: ${members.join(', ')})`);
  if (!members.includes(name)) throw new ConfigError(`${o.file}: no array "${name}" (arrays: ${members.join(', ')})`);
  const where = `${o.file}: array "${name}"`;
  let header: NpyHeader | null = null;
  // One short pass for the header: stop reading as soon as it is known.
  await readNpzRows(o.file, name, [], 1, (hh) => { header = hh; throw new HeaderFound(); }, () => undefined).catch((e) => { if (!(e instanceof HeaderFound)) throw e; });
  const h = header as unknown as NpyHeader, g = geometry(o, where, h.shape), per = h.shape.slice(1).reduce((a, b) => a * b, 1);
  const eName = o.energies ?? DEFAULT_ENERGIES.find((d) => members.includes(d));
  let energies: Float64Array | null = null;
  if (eName) {
    const parts: Float64Array[] = [];
    await readNpzRows(o.file, eName, null, 1 << 20, () => undefined, (_f, v) => parts.push(v));
    energies = energyCheck(concat(parts), h.shape[0], `${o.file}: array "${eName}"`);
  }
  return {
    file: o.file, dataset: name, layout: g.layout, nEvents: h.shape[0], eventShape: h.shape.slice(1), ny: g.ny, nx: g.nx, projection: g.projection,
    energiesGeV: energies && toGeV(energies, g.layout), energySource: eName ?? null,
    read: (ranges, chunk, onFaces) => readNpzRows(o.file, name, ranges, chunk, () => undefined, (s, v, n) => { checkFinite(v, s, per, where); onFaces(s, g.toFaces(v, n), n); }),
  };
}

class HeaderFound extends Error {}

function concat(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((a, p) => a + p.length, 0));
  let k = 0;
  for (const p of parts) { out.set(p, k); k += p.length; }
  return out;
}

