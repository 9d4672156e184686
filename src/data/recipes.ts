/**
 * Recipes that turn options (from `npm run data -- <kind> …`) into a Dataset with a complete card: calorimeter
 * showers, the Z→μμ toy, event files (CSV, HDF5, ROOT) discretised by a feature map, and the synthetic targets.
 * Feature options use `name:bits` or `name:bits:lo:hi` (uniform range), e.g. `mass_mumu:6:60:120`.
 */
import { ConfigError } from '../errors';
import { Dataset, DatasetInit, makeDataset } from './dataset';
import { weighted } from './bitRows';
import { summariseRows } from './rowStats';
import { makeWideDataset, WideDataset } from './wideData';
import { BinCode, Binning, encodeFeatures, FeatureEncoding, featureQubits, FeatureSpec, fitFeatureMap, OutOfRange } from './discretise';
import { generateShowers, ShowerConfig } from './showers/generator';
import { CLIC_ECAL, clicGapCm, detectorOf } from './showers/geometry';
import { parseGrid, poolImages } from './showers/pool';
import { binarise, BinariseRule, binariseRows } from './showers/binarise';
import { rudolphReference } from './showers/reference';
import { summariseDistribution } from './stats';
import { generateZmumu, PDG_CITATION, ZmumuConfig } from './zmumu';
import { csvSource } from './readers/csv';
import { ColumnSource, P4Def, readFeatures } from './readers/derived';
import { hdf5Source } from './readers/hdf5';
import { lheSource, ParticleSelection } from './readers/lhe';
import { rootSource } from './readers/root';

const GFLASH = 'G. Grindhammer, S. Peters, "The parameterized simulation of electromagnetic showers in homogeneous and sampling calorimeters", arXiv:hep-ex/0001020';
const PDG_PASSAGE = 'Particle Data Group, "Passage of particles through matter" review (R. L. Workman et al., PTEP 2022, 083C01): Gamma longitudinal profile, t_max = ln(E0/Ec) + Cj';
const CMS_RES = 'CMS ECAL group, "Energy resolution of the barrel of the CMS electromagnetic calorimeter", JINST 2 (2007) P04004: stochastic term 2.8 %';
const MATERIALS_W_SI = 'PDG Atomic and Nuclear Properties: tungsten and silicon (X0, R_M, Ec(e−), minimum-ionisation dE/dx)';
const RUDOLPH_RULE = 'M. S. Rudolph et al., arXiv:2305.02881: pixel = 1 when its deposit exceeds a tenth of the mean deposit';

export interface ShowerRecipe {
  grid: string;
  qubits?: number;
  events: number;
  seed: number;
  rule: BinariseRule;
  fraction: number;
  name?: string;
  shower: Partial<ShowerConfig>;
}

/** Showers → pooled grid → binarised dataset, its card holding the generator's physics and the binarised statistics
 * next to [R]'s. Also returns the average pooled image (GeV, recorded energy) for plots. At most 30 pixels (basis
 * indices); `wideShowerDataset` makes the same data as bit rows at any grid size. */
export function showerDataset(r: ShowerRecipe): { dataset: Dataset; meanImage: Float64Array; seconds: number } {
  const { rows, cols } = parseGrid(r.grid), n = rows * cols;
  if (n > 30) throw new ConfigError(`showers: grid ${r.grid} has ${n} pixels; at most 30 qubits as basis indices (wideShowerDataset gives bit rows)`);
  const img = showerImages(r), b = binarise(img.pixels, n, r.rule, r.fraction), seconds = img.seconds();
  const dataset = makeDataset({ ...showerCardInit(r, img, Array.from(b.thresholds)), nQubits: n, indices: b.indices });
  const p = new Float64Array(2 ** n);
  for (const x of b.indices) p[x]++;
  for (let x = 0; x < p.length; x++) p[x] /= r.events;
  dataset.card.statistics = { ...summariseDistribution(p), reference: rudolphReference(n) };
  return { dataset, meanImage: img.meanImage, seconds };
}

/** The same showers, pooling and binarisation as bit rows of any width (8×8 = 64 pixels and beyond); for n ≤ 30 the
 * rows are the bits of showerDataset's indices. Statistics from the distinct rows (rowStats.ts), no 2^n vector. */
export function wideShowerDataset(r: ShowerRecipe): { dataset: WideDataset; meanImage: Float64Array; seconds: number } {
  const img = showerImages(r), b = binariseRows(img.pixels, img.n, r.rule, r.fraction), seconds = img.seconds();
  const dataset = makeWideDataset({ ...showerCardInit(r, img, Array.from(b.thresholds)), rows: b.rows });
  dataset.card.statistics = { ...summariseRows(weighted(b.rows)), reference: rudolphReference(img.n) };
  return { dataset, meanImage: img.meanImage, seconds };
}

interface ShowerImages {
  n: number;
  rows: number;
  cols: number;
  showers: ReturnType<typeof generateShowers>;
  /** Pooled recorded energy, [events][n]. */
  pixels: Float64Array;
  meanImage: Float64Array;
  /** Seconds since generation started. */
  seconds(): number;
}

function showerImages(r: ShowerRecipe): ShowerImages {
  const { rows, cols } = parseGrid(r.grid), n = rows * cols;
  if (r.qubits !== undefined && r.qubits !== n) throw new ConfigError(`showers: --qubits ${r.qubits} does not match grid ${r.grid} (${n} pixels)`);
  const t0 = process.hrtime.bigint();
  const s = generateShowers(r.shower, r.events, r.seed);
  const [nx, ny] = s.config.cells;
  const pixels = poolImages(s.images, ny, nx, rows, cols);
  const meanImage = new Float64Array(n);
  for (let e = 0; e < r.events; e++) for (let q = 0; q < n; q++) meanImage[q] += pixels[e * n + q] / r.events;
  return { n, rows, cols, showers: s, pixels, meanImage, seconds: () => Number(process.hrtime.bigint() - t0) / 1e9 };
}

/** Everything of a shower dataset's card but its rows. */
function showerCardInit(r: ShowerRecipe, img: ShowerImages, thresholds: number[]): Omit<DatasetInit, 'indices' | 'nQubits'> {
  const { n, rows, cols, showers: s } = img, [nx, ny] = s.config.cells;
  const c = s.config, det = detectorOf(c), mat = det.medium, clic = c.geometry === 'clic';
  const where = clic ? `the ${CLIC_ECAL.name}` : `a ${mat.name}-like calorimeter`;
  return {
    name: r.name ?? `showers-n${n}`, kind: 'showers', seed: r.seed,
    description: `electron showers (${c.energyGeV[0]}–${c.energyGeV[1]} GeV, ${c.spectrum}, ${c.angleDeg}° incidence) in ${where}, ${c.cells.join('×')} cells, recorded energy summed over depth, pooled to ${rows}×${cols} pixels and binarised (rule "${r.rule}", fraction ${r.fraction})`,
    qubitMap: { kind: 'pixels', rows, cols, order: 'row-major' },
    // The true electron energy per event, written by `--per-event` (conditional or energy-sliced studies).
    columns: { energyGeV: Float64Array.from(s.truth, (t) => t.energy) },
    source: 'generated by plateau (src/data/showers): GFLASH-parametrised showers, not Geant4',
    generator: {
      name: 'plateau-gflash-showers',
      parameters: {
        ...c, cellSizeCm: { transverse: c.cellRM * mat.rmCm, depthX0: det.layers.map((l) => +(l.t1 - l.t0).toFixed(4)) }, medium: { ...mat },
        ...(clic ? { stack: { name: CLIC_ECAL.name, cellCm: CLIC_ECAL.cellCm, siliconCm: CLIC_ECAL.activeCm, gapCm: clicGapCm(), envelopeCm: CLIC_ECAL.envelopeCm, tungstenSections: CLIC_ECAL.sections }, layers: { visibleFraction: [...new Set(det.layers.map((l) => l.visible))], stochasticTerm: [...new Set(det.layers.map((l) => Math.sqrt(l.a2)))] } } : {}),
        pooling: `exact area overlap of ${nx}×${ny} cells onto ${rows}×${cols} pixels${rows === 1 ? ` (strips across x, each summed over all ${ny} rows: the lateral profile)` : ''}`, binarisation: { rule: r.rule, fraction: r.fraction, thresholds: r.rule === 'event' ? 'per event' : thresholds },
      },
      citations: [GFLASH, PDG_PASSAGE, ...(clic ? [...CLIC_ECAL.citations, MATERIALS_W_SI] : [mat.source, CMS_RES]), RUDOLPH_RULE],
    },
  };
}

/** Parses `name:bits[:lo:hi]` feature options. */
export function parseFeatureSpecs(items: readonly string[], binning: Binning, code: BinCode): FeatureSpec[] {
  if (items.length === 0) throw new ConfigError('no features given (use --features name:bits[:lo:hi], e.g. mass_mumu:6:60:120)');
  const names = items.map((it) => it.split(':')[0]), dup = names.find((x, i) => names.indexOf(x) !== i);
  if (dup !== undefined) throw new ConfigError(`--features: "${dup}" is listed twice (each feature is one block of qubits)`);
  return items.map((it) => {
    const parts = it.split(':');
    const bits = Number(parts[1]);
    if (parts.length !== 2 && parts.length !== 4) throw new ConfigError(`feature "${it}" must look like name:bits or name:bits:lo:hi`);
    if (!parts[0] || !Number.isInteger(bits)) throw new ConfigError(`feature "${it}": bits must be an integer`);
    const spec: FeatureSpec = { name: parts[0], bits, binning, code };
    if (parts.length === 4) spec.range = [Number(parts[2]), Number(parts[3])];
    return spec;
  });
}

/** Rows inside every given range (the joint selection), so that quantile edges are fitted on the rows that are kept. */
function insideRanges(columns: Record<string, Float64Array>, specs: readonly FeatureSpec[]): Record<string, Float64Array> {
  const ranged = specs.filter((s) => s.range && columns[s.name]);
  if (ranged.length === 0 || !specs.some((s) => s.binning === 'quantile')) return columns;
  const rows = columns[ranged[0].name].length, keep: number[] = [];
  for (let r = 0; r < rows; r++) if (ranged.every((s) => columns[s.name][r] >= s.range![0] && columns[s.name][r] <= s.range![1])) keep.push(r);
  return Object.fromEntries(specs.filter((s) => columns[s.name]).map((s) => [s.name, Float64Array.from(keep, (r) => columns[s.name][r])]));
}

/** Columns → discretised features dataset (per-event rows keep the physical values). */
export function featureDataset(columns: Record<string, Float64Array>, specs: FeatureSpec[], init: { name: string; kind: string; description: string; source: string; seed?: number | null; generator?: Dataset['card']['generator']; outOfRange?: OutOfRange; notes?: string[] }): Dataset {
  const outOfRange = init.outOfRange ?? 'drop';
  let map: FeatureEncoding[], enc: { indices: Uint32Array; kept: Uint32Array };
  try {
    const fit = outOfRange === 'drop' ? insideRanges(columns, specs) : columns;
    if (Object.values(fit)[0]?.length === 0) throw new ConfigError('no rows inside the feature ranges (empty selection)');
    map = fitFeatureMap(fit, specs);
    enc = encodeFeatures(map, columns, outOfRange);
  } catch (e) {
    throw e instanceof ConfigError ? new ConfigError(`${init.source}: ${e.message}`) : e;
  }
  const { indices, kept } = enc;
  if (indices.length === 0) throw new ConfigError(`${init.source}: no rows inside the feature ranges (empty selection)`);
  const keptCols: Record<string, Float64Array> = {};
  for (const f of map) keptCols[f.name] = Float64Array.from(kept, (r) => columns[f.name][r]);
  const rows = columns[map[0].name].length, dropped = rows - indices.length;
  return makeDataset({
    ...init, nQubits: featureQubits(map), indices, qubitMap: { kind: 'features', features: map }, columns: keptCols,
    notes: [...(init.notes ?? []), `${rows} rows read, ${dropped} outside the feature ranges ${init.outOfRange === 'clip' ? 'clipped' : 'dropped'}`],
  });
}

/** The Z→μμ toy, discretised into 2^bits mass bins. */
export function zmumuDataset(r: { bits: number; events: number; seed: number; binning: Binning; code: BinCode; config: Partial<ZmumuConfig>; name?: string }): Dataset {
  const g = generateZmumu(r.config, r.events, r.seed);
  const [lo, hi] = g.config.window;
  return featureDataset({ mass: g.mass }, [{ name: 'mass', bits: r.bits, binning: r.binning, code: r.code, unit: 'GeV', ...(r.binning === 'uniform' ? { range: [lo, hi] as [number, number] } : {}) }], {
    name: r.name ?? `dimuon-mass-n${r.bits}`, kind: 'zmumu-toy', seed: r.seed, source: 'generated by plateau (src/data/zmumu.ts); a toy, not CMS data',
    description: `Z→μμ-like dimuon mass toy in [${lo}, ${hi}] GeV, ${r.events} events, ${2 ** r.bits} ${r.binning} bins (${r.code} code)`,
    generator: { name: 'plateau-zmumu-toy', parameters: { ...g.config }, citations: [PDG_CITATION] },
  });
}

export type EventFormat = 'csv' | 'hdf5' | 'root' | 'lhe';

/** Where an event file's columns come from, with its format's options. */
export interface EventFileRequest {
  format: EventFormat;
  file: string;
  /** ROOT: the TTree. */ tree?: string;
  /** Four-vectors for derived features (readers/derived.ts). */ p4?: P4Def[];
  /** LHE: named particle selections and the status they must have. */ particles?: ParticleSelection[];
  status?: number;
}

async function eventSource(r: EventFileRequest): Promise<ColumnSource> {
  if (r.format === 'csv') return csvSource(r.file);
  if (r.format === 'hdf5') return hdf5Source(r.file);
  if (r.format === 'lhe') return lheSource(r.file, r.particles ?? [], r.status);
  if (!r.tree) throw new ConfigError('root: --tree is required');
  return rootSource(r.file, r.tree);
}

/** An event file (csv, hdf5, root or lhe) discretised by the feature specs; derived features from --p4 four-vectors. */
export async function fileDataset(r: EventFileRequest & { specs: FeatureSpec[]; outOfRange: OutOfRange; name?: string }): Promise<Dataset> {
  const names = r.specs.map((s) => s.name);
  const src = await eventSource(r);
  const { columns, derived, notes } = await readFeatures(src, names, r.p4 ?? []);
  const p4 = (r.p4 ?? []).map((d) => `${d.name}=${d.form}(${d.args.join(',')})`);
  return featureDataset(columns, r.specs, {
    name: r.name ?? `${r.format}-features`, kind: `${r.format}-file`, source: r.file, outOfRange: r.outOfRange,
    description: `features ${names.join(', ')} of ${r.file}${r.tree ? ` (tree ${r.tree})` : ''}`,
    notes: [...(notes ?? []), ...(derived.length ? [`derived: ${derived.join(', ')}${p4.length ? ` with ${p4.join('; ')}` : ''} (src/data/readers/derived.ts)`] : [])],
  });
}
