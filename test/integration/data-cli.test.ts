/** `npm run data` end to end on tiny sizes: folders with card and CSV, one-line errors, exit codes, nothing half-written. */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const run = (...args: string[]) => spawnSync(tsx, ['scripts/data.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 120000 });
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'data-cli-'));

test('showers at 2x2 with plots, and a synthetic set', () => {
  const dir = path.join(out, 'sh');
  const r = run('showers', '--grid', '2x2', '--qubits', '4', '--events', '40', '--seed', '3', '--cells', '9', '--out', dir);
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
  const strip = run('showers', '--grid', '1x10', '--events', '30', '--seed', '3', '--cells', '12', '--no-plots', '--out', path.join(out, 'strip'));
  expect(strip.status).toBe(0);
  expect(strip.stdout).toMatch(/Σ z_A², 1 ≤ \|A\| ≤ 1 +\d+\.\d+ +9\.00 \(Fig\. 11\)/);
  expect(strip.stdout).toMatch(/Σ z_A², 1 ≤ \|A\| ≤ 4 +\d+ +280 \(Fig\. 11\)/);
  expect(fs.readdirSync(dir)).toEqual(expect.arrayContaining(['data.csv', 'mean-image.png', 'occupancy.svg', 'top-k-images.png', 'top-k.png']));
  const g = run('parity', '--qubits', '3', '--no-plots', '--out', path.join(out, 'par'));
  expect(g.status).toBe(0);
  expect(fs.readFileSync(path.join(out, 'par', 'data.csv'), 'utf8')).toBe('bitstring,weight\n000,0.25\n011,0.25\n101,0.25\n110,0.25\n');
});

test('bad inputs: one line on stderr, exit 2, no output folder', () => {
  const csv = path.join(out, 'bad.csv');
  fs.writeFileSync(csv, 'pt1,eta1\n1,2\n3,inf\n');
  const cases: [string[], RegExp][] = [
    [['csv', '--file', path.join(out, 'missing.csv'), '--features', 'pt1:2'], /missing\.csv: no such file/],
    [['csv', '--file', csv, '--features', 'eta1:2'], /bad\.csv:3: column "eta1" is inf, not a finite number/],
    [['csv', '--file', csv, '--features', 'mass:2'], /bad\.csv: no column "mass"/],
    [['showers', '--grid', '3x3', '--qubits', '4'], /--qubits 4 does not match grid 3x3/],
    [['showers', '--grid', '3x3', '--rule', 'median', '--events', '5', '--cells', '5'], /rule must be one of event, pixel, dataset/],
    [['showers', '--grid', '3x3', '--material', 'W', '--events', '5', '--cells', '5'], /material applies to the homogeneous geometry/],
    [['showers', '--grid', '3x3', '--geometry', 'lead', '--events', '5', '--cells', '5'], /geometry must be one of clic, pbwo4/],
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
