/**
 * Calorimeter image files → binarised pixel datasets by the generator's own rules: face images (sources.ts, depth sum)
 * → pool.ts `poolImages` onto rows × cols by exact area overlap → binarise.ts (rule and fraction of Rudolph et al.).
 * Events are chosen by index ranges and an energy window, read chunk by chunk: only the pooled pixels (rows·cols
 * values per kept event) stay in memory, so a 10⁵-event file of 25³ cells is never loaded whole.
 */
import { ConfigError } from '../../errors';
import { createProgress } from '../../report/progress';
import { Dataset, makeDataset } from '../dataset';
import { binarise, BinariseRule } from '../showers/binarise';
import { parseGrid, poolImages } from '../showers/pool';
import { ImageOptions, openImageSource, Ranges } from './sources';

const RUDOLPH_RULE = 'M. S. Rudolph et al., arXiv:2305.02881: pixel = 1 when its deposit exceeds a tenth of the mean deposit';
const LAYOUTS = {
  '3dgan': 'CLIC ECAL fixed-angle showers, 3DGAN layout (Khattak et al., arXiv:2109.07388; data: M. Pierini, M. Zhang, Zenodo 3603122)',
  calochallenge: 'CaloChallenge 2022 layout (Krause et al., arXiv:2410.21611)',
  array: 'NumPy/HDF5 image array',
};

export interface ImagesRecipe extends ImageOptions {
  grid: string;
  qubits?: number;
  rule: BinariseRule;
  fraction: number;
  /** Incident energy window, GeV (inclusive). */
  energyGeV?: [number, number];
  /** Event index ranges, `a:b[,c:d]` (0-based, end excluded). */
  eventRanges?: string;
  name?: string;
  /** Input values per chunk. @default 4e6 (32 MB as Float64) */
  chunkValues?: number;
  quiet?: boolean;
}

/** Parses `a:b[,c:d…]` into sorted, merged half-open ranges inside [0, n). */
export function parseEventRanges(spec: string | undefined, n: number, file: string): Ranges {
  if (spec === undefined) return [[0, n]];
  const out: Ranges = spec.split(',').map((part) => {
    const m = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(part);
    if (!m) throw new ConfigError(`--event-range "${part}" must look like 0:5000 (first event, end excluded)`);
    const a = Number(m[1]), b = Number(m[2]);
    if (!(b > a)) throw new ConfigError(`--event-range ${part}: the end must exceed the start`);
    if (b > n) throw new ConfigError(`--event-range ${part} goes past the ${n} events of ${file}`);
    return [a, b] as [number, number];
  });
  out.sort((x, y) => x[0] - y[0]);
  const merged: Ranges = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

/** An image file → pooled, binarised pixel dataset; also the mean pooled image (file units) for plots. */
export async function imagesDataset(r: ImagesRecipe): Promise<{ dataset: Dataset; meanImage: Float64Array; seconds: number }> {
  const { rows, cols } = parseGrid(r.grid), n = rows * cols;
  if (r.qubits !== undefined && r.qubits !== n) throw new ConfigError(`images: --qubits ${r.qubits} does not match grid ${r.grid} (${n} pixels)`);
  if (n > 30) throw new ConfigError(`images: grid ${r.grid} has ${n} pixels; at most 30 qubits`);
  const t0 = process.hrtime.bigint();
  const src = await openImageSource(r);
  if (src.nEvents === 0) throw new ConfigError(`${r.file}: "${src.dataset}" holds no events`);
  if (rows > src.ny || cols > src.nx) throw new ConfigError(`images: grid ${r.grid} is finer than the ${src.ny}×${src.nx} face of ${r.file}`);
  const ranges = parseEventRanges(r.eventRanges, src.nEvents, r.file);
  const [eLo, eHi] = r.energyGeV ?? [-Infinity, Infinity];
  if (r.energyGeV && !src.energiesGeV) throw new ConfigError(`${r.file}: an energy window needs the events' energies; name their dataset or array with --energies`);
  if (r.energyGeV && !(eHi >= eLo)) throw new ConfigError(`--energy ${eLo}:${eHi}: the upper edge must not be below the lower`);
  const inRanges = (e: number) => ranges.some(([a, b]) => e >= a && e < b);
  const perEvent = src.eventShape.reduce((a, b) => a * b, 1);
  const chunk = Math.max(1, Math.floor((r.chunkValues ?? 4e6) / perEvent));
  const total = ranges.reduce((a, [x, y]) => a + y - x, 0);
  const pixels: number[] = [], energies: number[] = [];
  let read = 0;
  const progress = createProgress(total, { quiet: r.quiet, title: 'images' });
  try {
    await src.read(ranges, chunk, (first, faces, count) => {
      const pooled = poolImages(faces, src.ny, src.nx, rows, cols);
      for (let i = 0; i < count; i++) {
        const e = first + i;
        if (!inRanges(e)) continue;
        read++;
        const E = src.energiesGeV ? src.energiesGeV[e] : NaN;
        if (r.energyGeV && !(E >= eLo && E <= eHi)) continue;
        for (let q = 0; q < n; q++) pixels.push(pooled[i * n + q]);
        if (src.energiesGeV) energies.push(E);
      }
      progress.tick(count, `event ${first + count}`);
    });
  } finally {
    progress.stop();
  }
  const kept = pixels.length / n;
  if (kept === 0) throw new ConfigError(`${r.file}: empty selection: none of the ${read} events read${r.energyGeV ? ` has an energy in [${eLo}, ${eHi}] GeV` : ''}`);
  const px = Float64Array.from(pixels), b = binarise(px, n, r.rule, r.fraction);
  const meanImage = new Float64Array(n);
  for (let e = 0; e < kept; e++) for (let q = 0; q < n; q++) meanImage[q] += px[e * n + q] / kept;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const sel = `${read} events read${r.eventRanges ? ` (ranges ${ranges.map(([a, z]) => `${a}:${z}`).join(',')})` : ''}, ${kept} kept${r.energyGeV ? ` with energy in [${eLo}, ${eHi}] GeV` : ''}`;
  const dataset = makeDataset({
    name: r.name ?? `images-n${n}`, kind: 'images', nQubits: n, indices: b.indices, source: r.file,
    description: `${LAYOUTS[src.layout]}: "${src.dataset}" of ${r.file}, ${src.projection}, pooled to ${rows}×${cols} pixels and binarised (rule "${r.rule}", fraction ${r.fraction}); ${sel}`,
    qubitMap: { kind: 'pixels', rows, cols, order: 'row-major' },
    ...(src.energiesGeV ? { columns: { energyGeV: Float64Array.from(energies) } } : {}),
    generator: {
      name: 'plateau-images',
      parameters: {
        file: r.file, dataset: src.dataset, layout: src.layout, eventShape: src.eventShape, energies: src.energySource, projection: src.projection,
        pooling: `exact area overlap of ${src.nx}×${src.ny} face cells onto ${rows}×${cols} pixels (src/data/showers/pool.ts)`,
        binarisation: { rule: r.rule, fraction: r.fraction, thresholds: r.rule === 'event' ? 'per event' : Array.from(b.thresholds) },
        selection: { eventRanges: ranges, energyGeV: r.energyGeV ?? null, read, kept },
      },
      citations: [LAYOUTS[src.layout], RUDOLPH_RULE],
    },
    notes: [sel],
  });
  return { dataset, meanImage, seconds };
}
