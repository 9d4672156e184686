/**
 * The files the hostile-input cases start from, written into one sandbox folder (the working directory of every CLI
 * case): a valid train config and a finished tiny run folder, a saved model, a dataset folder, event files in every
 * input format (CSV, HDF5, ROOT, LHE, .npy), a scan spec and a comparison spec. Cases corrupt copies of these, never
 * the originals (`copyOf`), so one sandbox serves all cases.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildAnsatz } from '../../src/models/ansatzSpec';
import { barsAndStripesDataset } from '../../src/data/synthetic';
import { datasetToCsv } from '../../src/data/store';
import { saveModel } from '../../src/models/saved';
import { writeH5, writeNpy } from '../helpers/arrays';
import { writeRootTree } from '../helpers/rootFile';

export const ROOT = path.resolve(__dirname, '../..');
export const PLATEAU = path.join(ROOT, 'bin', 'plateau.js');

/** A small valid train config: 2×2 bars and stripes, one HEP layer, 4 steps. */
export const GOOD_CONFIG = {
  name: 'tiny',
  data: { synthetic: 'bars-and-stripes', rows: 2, cols: 2 },
  model: { ansatz: 'hep', layers: 1 },
  loss: { loss: 'mmd', sigmas: [1] },
  schedule: { kind: 'constant', lr: 0.05 },
  steps: 4,
  eval: { every: 2 },
  checkpoint: { every: 2 },
};

/** A one-run comparison (2×2 bars and stripes, 4 steps). */
export const TINY_COMPARE = {
  name: 'tiny',
  seed: 1,
  seeds: 1,
  data: [{ synthetic: 'bars-and-stripes', rows: 2, cols: 2 }],
  model: { ansatz: 'hep' },
  layers: [1],
  shots: [null],
  losses: [{ id: 'mmd', loss: 'mmd', sigmas: [1] }],
  train: {
    steps: 4,
    optimizer: { name: 'adam' },
    schedule: { kind: 'constant', lr: 0.05 },
    eval: { every: 2 },
    checkpoint: { every: 2 },
  },
  report: { metric: 'tvd_train', topK: 4 },
};

export interface Fixtures {
  /** The sandbox: working directory of every CLI case. */
  dir: string;
  /** Absolute path of a sandbox file. */
  at(name: string): string;
  /** Writes `text` (or JSON of a non-string) to a new sandbox file and returns its path. */
  file(name: string, content: unknown): string;
  /** A copy of a sandbox file or folder under a new name, changed by `edit` (given the copy's path). */
  copyOf(from: string, name: string, edit?: (copy: string) => void): string;
  /** A train config file: GOOD_CONFIG with `patch` merged in at the top level. */
  config(name: string, patch?: Record<string, unknown>): string;
}

/** Creates the sandbox with every fixture. `runFolder` trains the tiny run, a tiny scan and a one-run comparison with the CLI (about 5 s). */
export async function makeFixtures(opts: { runFolder?: boolean } = {}): Promise<Fixtures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-'));
  const at = (name: string) => path.join(dir, name);
  const file = (name: string, content: unknown) => {
    fs.mkdirSync(path.dirname(at(name)), { recursive: true });
    fs.writeFileSync(
      at(name),
      typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content),
    );
    return at(name);
  };
  const copyOf = (from: string, name: string, edit?: (copy: string) => void) => {
    fs.cpSync(at(from), at(name), { recursive: true });
    edit?.(at(name));
    return at(name);
  };
  const config = (name: string, patch: Record<string, unknown> = {}) => file(name, { ...GOOD_CONFIG, ...patch });
  const fx: Fixtures = { dir, at, file, copyOf, config };

  config('good.json');
  // a dataset folder, as `plateau data` writes it
  const ds = barsAndStripesDataset(2, 2);
  file('ds/data.csv', datasetToCsv(ds));
  file('ds/card.json', ds.card);
  file('ds-overflow/data.csv', 'bitstring,count\n0000,1e308\n1111,1e308\n');
  file('ds-overflow/card.json', ds.card);
  // a saved model trained on that dataset (parameters need not be trained for the cases)
  const circuit = buildAnsatz({ ansatz: 'hep', layers: 1 }, 4);
  saveModel(at('model'), {
    name: 'model',
    circuit,
    theta: Array.from({ length: circuit.nParams }, (_, i) => 0.1 * i),
    visibleQubits: null,
    dataCard: ds.card,
    loss: null,
    metrics: {},
    trainedWith: {},
  });
  // event files in every format the data command reads
  const events = 40,
    col = (f: (i: number) => number) => Float64Array.from({ length: events }, (_, i) => f(i));
  const mass = col((i) => 80 + i / 2),
    pt = col((i) => 20 + ((i * 7) % 30));
  file('events.csv', `mass,pt\n${Array.from(mass, (m, i) => `${m},${pt[i]}`).join('\n')}\n`);
  await writeH5(at('events.h5'), { mass: [mass, [events]], pt: [pt, [events]] });
  writeRootTree(at('events.root'), 'Events', [
    { name: 'mass', values: mass },
    { name: 'pt', values: pt },
  ]);
  file('events.lhe', lheText(events));
  writeNpy(
    at('images.npy'),
    Float32Array.from({ length: 8 * 4 * 4 * 2 }, (_, i) => (i * 37) % 11),
    [8, 4, 4, 2],
  );
  writeNpy(
    at('energies.npy'),
    Float32Array.from({ length: 8 }, (_, i) => 10 + i),
    [8],
  );
  file('scan.json', { losses: ['kl'], qubits: [2], draws: 4, bootstrap: 0 });
  const preset = JSON.parse(fs.readFileSync(path.join(ROOT, 'models/compare/n16-quick.json'), 'utf8'));
  file('compare.json', { ...preset, data: [{ path: path.join(ROOT, 'data/showers-n16') }] });
  if (opts.runFolder) {
    const r = spawnSync(
      process.execPath,
      [PLATEAU, 'train', '--config', at('good.json'), '--out', at('run'), '--quiet'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, PLATEAU_BACKEND: 'cpu' } },
    );
    if (r.status !== 0) throw new Error(`fixture run failed: ${r.stderr}`);
    const s = spawnSync(
      process.execPath,
      [
        PLATEAU,
        'scan',
        '--losses',
        'kl',
        '--qubits',
        '2',
        '--draws',
        '4',
        '--bootstrap',
        '0',
        '--out',
        at('scanrun'),
        '--quiet',
      ],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, PLATEAU_BACKEND: 'cpu' } },
    );
    if (s.status !== 0) throw new Error(`fixture scan failed: ${s.stderr}`);
    const c = spawnSync(
      process.execPath,
      [PLATEAU, 'compare', '--config', file('tiny-compare.json', TINY_COMPARE), '--out', at('cmprun'), '--quiet'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, PLATEAU_BACKEND: 'cpu' } },
    );
    if (c.status !== 0) throw new Error(`fixture comparison failed: ${c.stderr}`);
  }
  return fx;
}

/** Les Houches events with one μ⁺μ⁻ pair each. */
function lheText(events: number): string {
  const lines = [
    '<LesHouchesEvents version="3.0">',
    '<init>',
    '2212 2212 6.5E+03 6.5E+03 0 0 247000 247000 -4 1',
    '1.0E+00 1.0E-02 1.0E+00 1',
    '</init>',
  ];
  for (let e = 0; e < events; e++) {
    lines.push('<event>', ' 2 1 1.0E+00 9.1E+01 7.5E-03 1.2E-01');
    for (const [id, s] of [
      [13, 1],
      [-13, -1],
    ])
      lines.push(
        `  ${id} 1 0 0 0 0 ${(s * (20 + e)).toExponential(4)} 1.0E+01 ${(s * 5).toExponential(4)} ${(30 + e).toExponential(4)} 1.0566E-01 0 9`,
      );
    lines.push('</event>');
  }
  lines.push('</LesHouchesEvents>', '');
  return lines.join('\n');
}
