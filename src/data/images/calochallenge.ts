/**
 * CaloChallenge 2022 voxel geometry (Krause et al., "CaloChallenge 2022: A Community Challenge for Fast Calorimeter
 * Simulation", arXiv:2410.21611; binning files of the challenge). A binning XML lists layers `<Layer id r_edges
 * n_bin_alpha/>`; layer l has (len(r_edges) − 1) radial × n_bin_alpha angular voxels, α-major within the layer (voxel
 * = α·n_r + r), α bins evenly in [−π, π), x = r cos α, y = r sin α (mm). `faceProjector` sums an event's voxels over
 * layers and spreads each annular sector's deposit uniformly over its area onto a square face grid of cells covering
 * [−R, R]² (R the outermost edge): the polar counterpart of pool.ts's "deposit uniform inside its cell". The face image
 * then goes through pool.ts and binarise.ts like the generator's.
 */
import * as fs from 'fs';
import { ConfigError } from '../../errors';

export interface PolarLayer {
  id: number;
  rEdges: number[];
  nAlpha: number;
}

/** Layers of a binning XML (the first particle block when there are several). */
export function parseBinningXml(text: string, file: string): PolarLayer[] {
  const layers: PolarLayer[] = [];
  const attr = (tag: string, name: string) => new RegExp(`\\b${name}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag);
  for (const m of text.matchAll(/<Layer\b[^>]*>/g)) {
    const id = attr(m[0], 'id'), r = attr(m[0], 'r_edges'), a = attr(m[0], 'n_bin_alpha');
    if (!id || !r || !a) throw new ConfigError(`${file}: a <Layer> lacks id, r_edges or n_bin_alpha: ${m[0].slice(0, 80)}`);
    const rEdges = (r[2] ?? r[3]).split(',').map((s) => Number(s.trim()));
    const nAlpha = Number(a[2] ?? a[3]);
    if (rEdges.some((x, i) => !Number.isFinite(x) || (i > 0 && !(x > rEdges[i - 1])))) throw new ConfigError(`${file}: layer ${id[2] ?? id[3]}: r_edges must be increasing numbers`);
    if (!Number.isInteger(nAlpha) || nAlpha < 1) throw new ConfigError(`${file}: layer ${id[2] ?? id[3]}: n_bin_alpha must be a positive integer`);
    layers.push({ id: Number(id[2] ?? id[3]), rEdges, nAlpha });
  }
  if (layers.length === 0) throw new ConfigError(`${file}: no <Layer …/> elements (not a CaloChallenge binning file)`);
  return layers;
}

export function readBinningXml(file: string): PolarLayer[] {
  if (!fs.existsSync(file)) throw new ConfigError(`${file}: no such file`);
  return parseBinningXml(fs.readFileSync(file, 'utf8'), file);
}

export const voxelsOf = (layers: readonly PolarLayer[]) => layers.reduce((a, l) => a + (l.rEdges.length - 1) * l.nAlpha, 0);

/** Quadrature points per sector along r² and α: 16 × 16 points of equal area. */
const SUB = 16;

export interface FaceProjector {
  cells: number;
  halfWidthMm: number;
  /** Voxels of one event → face image [cells][cells] (row = y, col = x), added into `out`. */
  project(voxels: ArrayLike<number>, offset: number, out: Float64Array, outOffset: number): void;
}

/**
 * Sums over layers and rasterises onto cells × cells. Layers with the same binning are summed in polar form first;
 * each distinct binning has a sparse sector → cell weight table (weights of a sector sum to 1, so the total deposit is
 * kept exactly).
 */
export function faceProjector(layers: readonly PolarLayer[], cells: number): FaceProjector {
  const R = Math.max(...layers.map((l) => l.rEdges[l.rEdges.length - 1]));
  const groups = new Map<string, { layer: PolarLayer; offsets: number[]; table: { sector: Int32Array; cell: Int32Array; w: Float64Array } }>();
  let off = 0;
  for (const l of layers) {
    const key = `${l.rEdges.join(',')}|${l.nAlpha}`;
    if (!groups.has(key)) groups.set(key, { layer: l, offsets: [], table: sectorTable(l, R, cells) });
    groups.get(key)!.offsets.push(off);
    off += (l.rEdges.length - 1) * l.nAlpha;
  }
  const scratch = new Map([...groups].map(([k, g]) => [k, new Float64Array((g.layer.rEdges.length - 1) * g.layer.nAlpha)]));
  return {
    cells, halfWidthMm: R,
    project(vox, offset, out, outOffset) {
      for (const [k, g] of groups) {
        const s = scratch.get(k)!;
        s.fill(0);
        for (const o of g.offsets) for (let v = 0; v < s.length; v++) s[v] += vox[offset + o + v];
        const t = g.table;
        for (let i = 0; i < t.w.length; i++) out[outOffset + t.cell[i]] += t.w[i] * s[t.sector[i]];
      }
    },
  };
}

/** Sector → cell weights by equal-area quadrature: points at r² and α midpoints of a SUB × SUB split of the sector. */
function sectorTable(l: PolarLayer, R: number, cells: number): { sector: Int32Array; cell: Int32Array; w: Float64Array } {
  const nR = l.rEdges.length - 1, acc = new Map<number, number>(), step = (2 * R) / cells;
  for (let a = 0; a < l.nAlpha; a++)
    for (let r = 0; r < nR; r++) {
      const sector = a * nR + r, r0 = l.rEdges[r] ** 2, r1 = l.rEdges[r + 1] ** 2;
      const a0 = -Math.PI + (2 * Math.PI * a) / l.nAlpha, da = (2 * Math.PI) / l.nAlpha;
      for (let i = 0; i < SUB; i++) {
        const rad = Math.sqrt(r0 + ((i + 0.5) / SUB) * (r1 - r0));
        for (let j = 0; j < SUB; j++) {
          const al = a0 + ((j + 0.5) / SUB) * da;
          const x = Math.min(cells - 1, Math.floor((rad * Math.cos(al) + R) / step)), y = Math.min(cells - 1, Math.floor((rad * Math.sin(al) + R) / step));
          const key = sector * cells * cells + y * cells + x;
          acc.set(key, (acc.get(key) ?? 0) + 1 / (SUB * SUB));
        }
      }
    }
  const keys = [...acc.keys()];
  return {
    sector: Int32Array.from(keys, (k) => Math.floor(k / (cells * cells))),
    cell: Int32Array.from(keys, (k) => k % (cells * cells)),
    w: Float64Array.from(keys, (k) => acc.get(k)!),
  };
}
