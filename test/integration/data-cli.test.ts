/** `npm run data` end to end on tiny sizes: folders with card and CSV, one-line errors, exit codes, nothing half-written. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { writeH5, writeNpz } from '../helpers/arrays';
import { writeRootTree } from '../helpers/rootFile';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const run = (...args: string[]) =>
  spawnSync(tsx, ['scripts/data.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120000 });
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'data-cli-'));

test('showers at 2x2 with plots, and a synthetic set', () => {
  const dir = path.join(out, 'sh');
  const r = run(
    'showers',
    '--grid',
    '2x2',
    '--qubits',
    '4',
    '--events',
    '40',
    '--seed',
    '3',
    '--cells',
    '9',
    '--out',
    dir,
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/showers-n4: n = 4, rows 40, events 40/);
  expect(r.stdout).toMatch(/statistics next to Rudolph et al\. arXiv:2305\.02881/);
  expect(r.stdout).toMatch(/Σ z_A², 1 ≤ \|A\| ≤ 4 .*— \(Fig\. 11 covers n = 10…19\)/);
  const card = JSON.parse(fs.readFileSync(path.join(dir, 'card.json'), 'utf8'));
  expect(card).toMatchObject({ nQubits: 4, seed: 3, kind: 'showers', qubitMap: { kind: 'pixels', rows: 2, cols: 2 } });
  expect(card.generator.citations.join(' ')).toMatch(/hep-ex\/0001020/);
  expect(card.generator.citations.join(' ')).toMatch(/ClicNDM_ECal/);
  expect(card.generator.parameters).toMatchObject({ geometry: 'clic', energyGeV: [2, 500] });
  expect(card.statistics.correlatorPowerCumulative).toHaveLength(4);
  expect(card.statistics.reference.source).toMatch(/read off the plots \(approximate\)/);
  const strip = run(
    'showers',
    '--grid',
    '1x10',
    '--events',
    '30',
    '--seed',
    '3',
    '--cells',
    '12',
    '--no-plots',
    '--out',
    path.join(out, 'strip'),
  );
  expect(strip.status).toBe(0);
  expect(strip.stdout).toMatch(/Σ z_A², 1 ≤ \|A\| ≤ 1 +\d+\.\d+ +9\.00 \(Fig\. 11\)/);
  expect(strip.stdout).toMatch(/Σ z_A², 1 ≤ \|A\| ≤ 4 +\d+ +280 \(Fig\. 11\)/);
  expect(fs.readdirSync(dir)).toEqual(
    expect.arrayContaining(['data.csv', 'mean-image.png', 'occupancy.svg', 'top-k-images.png', 'top-k.png']),
  );
  const g = run('parity', '--qubits', '3', '--no-plots', '--out', path.join(out, 'par'));
  expect(g.status).toBe(0);
  expect(fs.readFileSync(path.join(out, 'par', 'data.csv'), 'utf8')).toBe(
    'bitstring,weight\n000,0.25\n011,0.25\n101,0.25\n110,0.25\n',
  );
});

test('showers at 8x8: 64-qubit bit rows through saveDataset (refused over an existing folder, --force moves it aside)', () => {
  const dir = path.join(out, 'sh64');
  const r = run('showers', '--grid', '8x8', '--events', '60', '--seed', '2', '--cells', '16', '--out', dir);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/showers-n64: n = 64, rows 60, events 60/);
  expect(r.stdout).toMatch(/Σ z_A², 1 ≤ \|A\| ≤ 4 .*— \(Fig\. 11 covers n = 10…19\)/);
  const card = JSON.parse(fs.readFileSync(path.join(dir, 'card.json'), 'utf8'));
  expect(card).toMatchObject({ nQubits: 64, qubitMap: { kind: 'pixels', rows: 8, cols: 8 }, counts: { events: 60 } });
  const lines = fs.readFileSync(path.join(dir, 'data.csv'), 'utf8').trim().split('\n');
  expect(lines[0]).toBe('bitstring,count');
  expect(lines.slice(1).every((l) => /^[01]{64},\d+$/.test(l))).toBe(true);
  expect(lines.slice(1).reduce((s, l) => s + Number(l.split(',')[1]), 0)).toBe(60);
  expect(fs.readdirSync(dir)).toEqual(expect.arrayContaining(['mean-image.png', 'occupancy.svg', 'top-k-images.png']));
  const again = run(
    'showers',
    '--grid',
    '8x8',
    '--events',
    '60',
    '--seed',
    '2',
    '--cells',
    '16',
    '--no-plots',
    '--out',
    dir,
  );
  expect(again.status).toBe(2);
  expect(again.stderr.trim().split('\n')).toHaveLength(1);
  expect(again.stderr).toMatch(/exists and is not empty \(a dataset\)/);
  const forced = run(
    'showers',
    '--grid',
    '8x8',
    '--events',
    '60',
    '--seed',
    '2',
    '--cells',
    '16',
    '--no-plots',
    '--force',
    '--out',
    dir,
  );
  expect(forced.status).toBe(0);
  expect(forced.stdout).toMatch(/moved the folder that was at .* aside/);
});

test('bad inputs: one line on stderr, exit 2, no output folder', () => {
  const csv = path.join(out, 'bad.csv');
  fs.writeFileSync(csv, 'pt1,eta1\n1,2\n3,inf\n');
  const cases: [string[], RegExp][] = [
    [['csv', '--file', path.join(out, 'missing.csv'), '--features', 'pt1:2'], /missing\.csv: no such file/],
    [['csv', '--file', csv, '--features', 'eta1:2'], /bad\.csv:3: column "eta1" is inf, not a finite number/],
    [['csv', '--file', csv, '--features', 'mass:2'], /bad\.csv: no column "mass"/],
    [['showers', '--grid', '3x3', '--qubits', '4'], /--qubits 4 does not match grid 3x3/],
    [
      ['showers', '--grid', '3x3', '--rule', 'median', '--events', '5', '--cells', '5'],
      /option '--rule <r>' argument 'median' is invalid\. expected event or pixel or dataset/,
    ],
    [
      ['showers', '--grid', '3x3', '--material', 'W', '--events', '5', '--cells', '5'],
      /material applies to the homogeneous geometry/,
    ],
    [
      ['showers', '--grid', '3x3', '--geometry', 'lead', '--events', '5', '--cells', '5'],
      /geometry must be one of clic, pbwo4/,
    ],
  ];
  for (const [args, re] of cases) {
    const dir = path.join(out, `fail-${Math.random().toString(36).slice(2)}`);
    const r = run(...args, '--out', dir, '--no-plots');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.existsSync(dir)).toBe(false);
  }
  expect(fs.readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
});

describe('your own data: images, ROOT, LHE, HDF5 tables through the CLI', () => {
  const N = 30,
    cells = Float32Array.from({ length: N * 5 * 5 * 3 }, (_, i) => ((i * 7919) % 13) / 13),
    energy = Float64Array.from({ length: N }, (_, e) => 10 + 3 * e);

  test('images from a .npz with plots; root with --p4; lhe with --particle', () => {
    const npz = writeNpz(path.join(out, 'ecal.npz'), { ECAL: [cells, [N, 5, 5, 3]], energy: [energy, [N]] }, true);
    const dir = path.join(out, 'img');
    const r = run('images', '--file', npz, '--grid', '2x2', '--energy', '20:80', '--event-range', '0:25', '--out', dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/images-n4: n = 4, rows 20, events 20/); // events 4..23 have energies 10 + 3e in [20, 80]
    const card = JSON.parse(fs.readFileSync(path.join(dir, 'card.json'), 'utf8'));
    expect(card).toMatchObject({ kind: 'images', nQubits: 4, qubitMap: { kind: 'pixels', rows: 2, cols: 2 } });
    expect(card.generator.parameters.selection).toMatchObject({ read: 25, kept: 20, energyGeV: [20, 80] });
    expect(fs.readdirSync(dir)).toEqual(expect.arrayContaining(['mean-image.png', 'occupancy.svg']));
    const root = writeRootTree(path.join(out, 'z.root'), 'events', [
      { name: 'E1', values: [50, 60] },
      { name: 'px1', values: [30, -20] },
      { name: 'py1', values: [0, 10] },
      { name: 'pz1', values: [40, 50] },
      { name: 'E2', values: [45, 40] },
      { name: 'px2', values: [-30, 20] },
      { name: 'py2', values: [0, -10] },
      { name: 'pz2', values: [-33, -30] },
    ]);
    const rr = run(
      'root',
      '--file',
      root,
      '--tree',
      'events',
      '--p4',
      'a=PxPyPzE(px1,py1,pz1,E1)',
      '--p4',
      'b=PxPyPzE(px2,py2,pz2,E2)',
      '--features',
      'mass(a+b):2:0:100',
      '--per-event',
      '--no-plots',
      '--out',
      path.join(out, 'rt'),
    );
    expect(rr.stderr).toBe('');
    const rows = fs
      .readFileSync(path.join(out, 'rt', 'data.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(rows[0]).toBe('bitstring,mass(a+b)');
    expect(Number(rows[1].split(',')[1])).toBeCloseTo(Math.sqrt(95 ** 2 - 7 ** 2), 10);
    const lhe = path.join(out, 'z.lhe');
    fs.writeFileSync(
      lhe,
      [
        '<LesHouchesEvents version="1.0">',
        '<init>',
        '</init>',
        '<event>',
        '2 1 1.0 91.0 0.0078 0.118',
        '13 1 0 0 0 0 45.0 0.0 10.0 46.0977 0.0 0 9',
        '-13 1 0 0 0 0 -45.0 0.0 -20.0 49.2443 0.0 0 9',
        '</event>',
        '</LesHouchesEvents>',
      ].join('\n'),
    );
    const rl = run(
      'lhe',
      '--file',
      lhe,
      '--particle',
      'mum=13',
      '--particle',
      'mup=-13',
      '--features',
      'mass(mum+mup):3:60:120',
      '--no-plots',
      '--out',
      path.join(out, 'lh'),
    );
    expect(rl.stderr).toBe('');
    expect(rl.stdout).toMatch(/lhe-features: n = 3, rows 1/);
  });

  test('bad input in every reader: one line on stderr (no library diagnostics), exit 2, no output folder', async () => {
    const h5 = await writeH5(path.join(out, 't.h5'), { events: [Float64Array.of(1, 2, 3, 4), [2, 2]] });
    const nan = Float32Array.from(cells);
    nan[5 * 5 * 3 * 4 + 2] = NaN;
    const npz = writeNpz(path.join(out, 'nan.npz'), { ECAL: [nan, [N, 5, 5, 3]] }, true);
    const root = writeRootTree(path.join(out, 'r.root'), 'events', [{ name: 'x', values: [1] }]);
    const lhe = path.join(out, 'trunc.lhe');
    fs.writeFileSync(lhe, '<LesHouchesEvents version="1.0">\n<event>\n2 1 1.0 91.0 0.0078 0.118\n');
    const cases: [string[], RegExp][] = [
      [
        ['hdf5', '--file', h5, '--features', 'events/x:2'],
        /t\.h5: dataset "events\/x": "events" is a Dataset, not a group/,
      ],
      [
        ['hdf5', '--file', h5, '--features', 'run/a/b:2'],
        /t\.h5: dataset "run\/a\/b": no "run" in the top level \(it has: events\)/,
      ],
      [['images', '--file', npz], /nan\.npz: array "ECAL": event 4, cell 2 is NaN, not a finite number/],
      [['images', '--file', npz, '--dataset', 'HCAL'], /nan\.npz: no array "HCAL" \(arrays: ECAL\)/],
      [
        ['root', '--file', root, '--tree', 'Events', '--features', 'x:1'],
        /r\.root: no tree "Events" \(trees: events\)/,
      ],
      [
        ['lhe', '--file', lhe, '--particle', 'mu=13', '--features', 'mu.E:2'],
        /trunc\.lhe:2: truncated: event 1 has no <\/event>/,
      ],
    ];
    for (const [args, re] of cases) {
      const d = path.join(out, `fail-${Math.random().toString(36).slice(2)}`);
      const r = run(...args, '--out', d, '--no-plots');
      expect(r.stderr.trim()).toMatch(re);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.status).toBe(2);
      expect(fs.existsSync(d)).toBe(false);
    }
  });
});
