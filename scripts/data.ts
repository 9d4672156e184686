/**
 * `npm run data -- <kind> [options]`: makes a dataset folder (data.csv + card.json + plots) under data/ or --out.
 * Kinds: showers, images, zmumu, csv, hdf5, root, lhe, ghz, random, cardinality, parity, bas, liuwang. No tfjs is used, so there
 * is no --backend. Errors print one line and exit 2; nothing is left half-written (the folder is swapped in at the end).
 */
import { Command, InvalidArgumentError, type OptionValues } from 'commander';
import * as path from 'path';
import { ConfigError, PlateauError } from '../src/errors';
import { Dataset, empiricalDistribution } from '../src/data/dataset';
import { saveDataset } from '../src/data/store';
import { datasetPlots, topK, wideDatasetPlots } from '../src/data/plots';
import { entropy, supportSize } from '../src/data/stats';
import { MAX_QUBITS, toBitstring } from '../src/circuit/bits';
import { fileDataset, parseFeatureSpecs, showerDataset, wideShowerDataset, zmumuDataset } from '../src/data/recipes';
import { weighted } from '../src/data/bitRows';
import { summariseRows } from '../src/data/rowStats';
import { WideDataset } from '../src/data/wideData';
import { parseGrid } from '../src/data/showers/pool';
import {
  barsAndStripesDataset,
  cardinalityDataset,
  evenParityDataset,
  ghzDataset,
  liuWangGaussianDataset,
  randomStringsDataset,
} from '../src/data/synthetic';
import { BinariseRule } from '../src/data/showers/binarise';
import { GEOMETRY_NAMES, GeometryName } from '../src/data/showers/config';
import { referenceTable } from '../src/data/showers/reference';
import { BinCode, Binning, OutOfRange } from '../src/data/discretise';
import { parseP4 } from '../src/data/readers/derived';
import { imagesDataset } from '../src/data/images/recipe';
import { parseParticleSelection } from '../src/data/readers/lhe';
import { cliCommand, numberArg, runCli } from '../src/cli';
import { checkName } from '../src/names';
import { checkRequest } from '../src/memory';

const int = numberArg(),
  num = numberArg(-Infinity, false);
const pair = (v: string): [number, number] => {
  const parts = v.split(':');
  if (parts.length !== 2) throw new InvalidArgumentError('expected lo:hi');
  return [num(parts[0]), num(parts[1])];
};
const grid = (v: string): [number, number] => {
  try {
    const { rows, cols } = parseGrid(v); // the one reading of RxC (showers/pool.ts), its error named after the flag
    return [rows, cols];
  } catch {
    throw new InvalidArgumentError('expected rows x cols, e.g. 3x3');
  }
};
const oneOf =
  (...choices: string[]) =>
  (v: string) => {
    if (!choices.includes(v)) throw new InvalidArgumentError(`expected ${choices.join(' or ')}`);
    return v;
  };
const count = (v: string) => (v === 'n2' ? v : numberArg(1)(v));
type O = OptionValues; // commander's untyped option record

async function emit(
  ds: Dataset | WideDataset,
  o: O,
  extra: { meanImage?: ArrayLike<number>; seconds?: number; report?: string[] } = {},
): Promise<void> {
  ds.card.command = `npm run data -- ${process.argv.slice(2).join(' ')}`;
  if (o.name !== undefined) ds.card.name = o.name; // every kind takes --name (checked before any work, below)
  const out = o.out ?? path.join('data', checkName(ds.card.name, o.name !== undefined ? '--name' : 'dataset name'));
  const plots = (dir: string) =>
    'rows' in ds
      ? wideDatasetPlots(ds, dir, { meanImage: extra.meanImage })
      : datasetPlots(ds, dir, { meanImage: extra.meanImage });
  const { files, movedAside } = await saveDataset(ds, out, {
    perEvent: o.perEvent,
    force: o.force,
    extra: o.plots ? plots : undefined,
  });
  if (movedAside) console.log(`moved the folder that was at ${out} aside to ${movedAside}`);
  // bit rows (n > 30) are summarised from their distinct rows, basis-index datasets from p̃ [2^n]
  const n = ds.card.nQubits,
    s = 'rows' in ds ? summariseRows(weighted(ds.rows, ds.weights), 0) : null,
    p = s ? null : empiricalDistribution(ds as Dataset);
  console.log(
    `${ds.card.name}: n = ${n}, rows ${ds.card.counts.rows}, events ${ds.card.counts.events ?? 'exact'}, support ${s ? s.support : supportSize(p!)}, entropy ${(s ? s.entropy : entropy(p!)).toFixed(3)} nats${extra.seconds !== undefined ? `, generated in ${extra.seconds.toFixed(2)} s` : ''}`,
  );
  if (extra.report) for (const line of extra.report) console.log(line);
  else if (s) for (const e of s.top) console.log(`  ${e.bitstring}  ${e.p.toFixed(4)}`);
  else for (const e of topK(p!, 5)) console.log(`  ${toBitstring(e.index, n)}  ${e.p.toFixed(4)}`);
  console.log(`wrote ${files.join(', ')}`);
}

const prog = cliCommand('data').description('make plateau datasets');
// names are checked before a dataset is generated or read (they become folder names under data/)
prog.hook('preAction', (_prog, cmd) => {
  const { name, out } = cmd.opts() as { name?: string; out?: string };
  if (name !== undefined) checkName(name, '--name');
  if (out !== undefined && out.trim() === '') throw new ConfigError('--out: empty path');
});
const common = (c: Command) =>
  c
    .option('--out <dir>', 'output folder (default data/<name>; an existing non-empty folder is refused)')
    .option('--force', 'move an existing --out folder aside (to <dir>.old-<time>) instead of refusing')
    .option('--name <name>', 'dataset name')
    .option('--seed <n>', 'seed', int, 1)
    .option('--no-plots', 'skip the PNG/SVG plots')
    .option('--per-event', 'one CSV line per event (with feature values) instead of bitstring,count');
const features = (c: Command) =>
  common(c)
    .requiredOption('--features <list>', 'name:bits[:lo:hi],… (e.g. mass_mumu:6:60:120)', (v) => v.split(','))
    .option('--binning <b>', 'uniform or quantile', oneOf('uniform', 'quantile'), 'uniform')
    .option('--code <c>', 'binary or gray', oneOf('binary', 'gray'), 'binary')
    .option('--out-of-range <m>', 'drop, clip or error', oneOf('drop', 'clip', 'error'), 'drop');

common(
  prog
    .command('showers')
    .description(
      'GFLASH electron showers → pooled grid → binarised pixels, with their statistics next to Rudolph et al.',
    ),
)
  .option('--geometry <g>', `calorimeter: ${GEOMETRY_NAMES.join(' or ')} (its preset sets the defaults below)`, 'clic')
  .option(
    '--grid <RxC>',
    'pixel grid rows x cols (1xN: strips across x, summed over y; past 30 pixels, e.g. 8x8, written as bit rows)',
    '3x3',
  )
  .option('--qubits <n>', 'check: must equal rows·cols', int)
  .option('--events <n>', 'events', int, 10000)
  .option('--rule <r>', 'binarisation mean: event, pixel or dataset', oneOf('event', 'pixel', 'dataset'), 'event')
  .option('--fraction <f>', 'threshold as a fraction of the mean', num, 0.1)
  .option('--energy <lo:hi>', 'electron energy range, GeV', pair)
  .option('--spectrum <s>', 'uniform or log-uniform')
  .option('--material <m>', 'pbwo4 geometry only: PbWO4, W or Si')
  .option('--angle <deg>', 'angle of incidence', num)
  .option('--spread <cells>', 'impact point ± cells', num)
  .option('--stochastic <a>', 'a of a/√E (√GeV)', num)
  .option('--noise <GeV>', 'electronic noise per cell', num)
  .option('--cells <n>', 'cells per axis (cube)', int)
  .action(async (o: O) => {
    const shower = Object.fromEntries(
      Object.entries({
        geometry: o.geometry as GeometryName,
        energyGeV: o.energy,
        spectrum: o.spectrum,
        material: o.material,
        angleDeg: o.angle,
        impactSpreadCells: o.spread,
        stochastic: o.stochastic,
        noiseGeV: o.noise,
        cells: o.cells && [o.cells, o.cells, o.cells],
      }).filter(([, v]) => v !== undefined),
    );
    const cells = o.cells ?? 25; // the presets' 25 × 25 cells per layer: one float32 image per event before pooling
    checkRequest(`--events ${o.events} with --cells ${cells}`, {
      values: (o.events * cells * cells) / 2,
      samples: o.events,
      sampleHeapBytes: 120,
    });
    const recipe = {
      grid: o.grid,
      qubits: o.qubits,
      events: o.events,
      seed: o.seed,
      rule: o.rule as BinariseRule,
      fraction: o.fraction,
      name: o.name,
      shower,
    };
    const { rows, cols } = parseGrid(o.grid); // past 30 pixels (8x8 …) as bit rows
    const r = rows * cols > MAX_QUBITS ? wideShowerDataset(recipe) : showerDataset(recipe);
    await emit(r.dataset, o, { ...r, report: referenceTable(r.dataset.card.statistics!, r.dataset.card.nQubits) });
  });
common(prog.command('zmumu').description('Z→μμ-like dimuon mass toy, discretised'))
  .option('--qubits <n>', 'mass bits', int, 6)
  .option('--events <n>', 'events', int, 10000)
  .option('--binning <b>', 'uniform or quantile', oneOf('uniform', 'quantile'), 'uniform')
  .option('--code <c>', 'binary or gray', oneOf('binary', 'gray'), 'binary')
  .option('--window <lo:hi>', 'mass window, GeV', pair)
  .option('--resolution <GeV>', 'mass resolution', num)
  .option('--background <f>', 'background fraction', num)
  .action(async (o: O) =>
    emit(
      zmumuDataset({
        bits: o.qubits,
        events: o.events,
        seed: o.seed,
        binning: o.binning as Binning,
        code: o.code as BinCode,
        name: o.name,
        config: Object.fromEntries(
          Object.entries({ window: o.window, resolutionGeV: o.resolution, backgroundFraction: o.background }).filter(
            ([, v]) => v !== undefined,
          ),
        ),
      }),
      o,
    ),
  );
const collect = (v: string, prev: string[] = []) => [...prev, v];
for (const format of ['csv', 'hdf5', 'root', 'lhe'] as const) {
  const c = features(prog.command(format).description(`discretise columns of a ${format} event file`))
    .requiredOption('--file <path>', 'input file')
    .option(
      '--p4 <def>',
      'four-vector for derived features, repeatable: mu1=PxPyPzE(px1,py1,pz1,E1) or mu1=PtEtaPhiM(pt1,eta1,phi1,0.10566)',
      collect,
    );
  if (format === 'root') c.requiredOption('--tree <name>', 'TTree name');
  if (format === 'lhe')
    c.option(
      '--particle <sel>',
      'particle selection, repeatable: name=PDG ids[#rank by pT], e.g. mu=13 or lep=11|-11|13|-13#2',
      collect,
    ).option('--status <s>', 'particle status (1 final state, 2 resonance)', int, 1);
  c.action(async (o: O) =>
    emit(
      await fileDataset({
        format,
        file: o.file,
        tree: o.tree,
        p4: (o.p4 ?? []).map(parseP4),
        particles: (o.particle ?? []).map(parseParticleSelection),
        status: o.status,
        specs: parseFeatureSpecs(o.features, o.binning as Binning, o.code as BinCode),
        outOfRange: o.outOfRange as OutOfRange,
        name: o.name,
      }),
      o,
    ),
  );
}
common(
  prog
    .command('images')
    .description(
      'calorimeter image file (HDF5 3DGAN/CaloChallenge, .npy, .npz) → depth sum → pooled grid → binarised pixels',
    ),
)
  .requiredOption('--file <path>', 'image file')
  .option('--dataset <name>', 'image dataset or array (default ECAL, showers or images)')
  .option(
    '--energies <name>',
    'energies: dataset/array of the file, or a .npy file (default energy or incident_energies)',
  )
  .option('--binning-xml <file>', 'CaloChallenge binning file (for [N, voxels] showers)')
  .option('--depth <axis>', 'depth axis of 4-D arrays: first or last', 'last')
  .option('--energy-unit <u>', "unit of the file's energies: GeV or MeV (default MeV for CaloChallenge, GeV otherwise)")
  .option('--face-cells <n>', 'CaloChallenge face grid cells per side', int, 50)
  .option('--grid <RxC>', 'pixel grid rows x cols', '3x3')
  .option('--qubits <n>', 'check: must equal rows·cols', int)
  .option('--rule <r>', 'binarisation mean: event, pixel or dataset', oneOf('event', 'pixel', 'dataset'), 'event')
  .option('--fraction <f>', 'threshold as a fraction of the mean', num, 0.1)
  .option('--energy <lo:hi>', 'incident energy window, GeV', pair)
  .option('--event-range <a:b,…>', 'event index ranges, 0-based, end excluded')
  .action(async (o: O) => {
    if (o.depth !== 'first' && o.depth !== 'last')
      throw new PlateauError(`--depth must be first or last, got "${o.depth}"`);
    if (o.energyUnit !== undefined && o.energyUnit !== 'GeV' && o.energyUnit !== 'MeV')
      throw new PlateauError(`--energy-unit must be GeV or MeV, got "${o.energyUnit}"`);
    const r = await imagesDataset({
      file: o.file,
      dataset: o.dataset,
      energies: o.energies,
      binningXml: o.binningXml,
      depth: o.depth,
      energyUnit: o.energyUnit,
      faceCells: o.faceCells,
      grid: o.grid,
      qubits: o.qubits,
      rule: o.rule as BinariseRule,
      fraction: o.fraction,
      energyGeV: o.energy,
      eventRanges: o.eventRange,
      name: o.name,
    });
    await emit(r.dataset, o, r);
  });
const synth = (name: string, desc: string, make: (o: O) => Dataset, extra: (c: Command) => Command = (c) => c) =>
  extra(common(prog.command(name).description(desc)).requiredOption('--qubits <n>', 'qubits', int)).action(
    async (o: O) => emit(make(o), o),
  );
synth('ghz', 'GHZ: 0…0 and 1…1', (o) => ghzDataset(o.qubits));
synth(
  'random',
  'uniform on m seeded random strings (default m = n)',
  (o) => randomStringsDataset(o.qubits, o.count === 'n2' ? o.qubits ** 2 : (o.count ?? o.qubits), o.seed),
  (c) => c.option('--count <m>', 'number of strings, or n2 for n²', count),
);
synth(
  'cardinality',
  'uniform on Hamming weight k (default n/2)',
  (o) => cardinalityDataset(o.qubits, o.weight),
  (c) => c.option('--weight <k>', 'Hamming weight', int),
);
synth('parity', 'uniform on even-parity strings', (o) => evenParityDataset(o.qubits));
synth('liuwang', 'Liu–Wang mixture of two Gaussians over 0..2^n−1', (o) => liuWangGaussianDataset(o.qubits));
common(prog.command('bas').description('bars and stripes'))
  .requiredOption('--grid <RxC>', 'rows x cols', grid)
  .action(async (o: O) => {
    const [r, c] = o.grid as [number, number];
    await emit(barsAndStripesDataset(r, c), o);
  });

runCli(async () => {
  await prog.parseAsync(process.argv);
});
