/**
 * Hostile cases of `plateau data`: every generator's flags (numbers, sizes, names, --out) and every event-file reader
 * (CSV, HDF5, ROOT, LHE, .npy/.npz) given missing, truncated, garbage or inconsistent files and feature lists.
 */
import * as fs from 'fs';
import { HostileCase } from '../harness';
import { Fixtures } from '../fixtures';

const d = (id: string, input: string, argv: (f: Fixtures) => string[], expect: RegExp): HostileCase => ({ id: `data-${id}`, input, argv: (f) => ['data', ...argv(f), '--no-plots'], expect });
const out = (f: Fixtures, id: string) => ['--out', f.at(`d-${id}`)];
const csv = (f: Fixtures, name: string, text: string, features: string, ...more: string[]) => ['csv', '--file', f.file(name, text), '--features', features, ...out(f, name), ...more];
const truncated = (f: Fixtures, from: string, name: string, keep: number) => {
  const bytes = fs.readFileSync(f.at(from));
  return f.file(name, bytes.subarray(0, Math.min(keep, bytes.length - 1)));
};

export const dataCases: HostileCase[] = [
  d('seed-abc', 'flag', (f) => ['parity', '--qubits', '3', '--seed', 'abc', ...out(f, 'a')], /option '--seed <n>' argument 'abc' is invalid/),
  d('qubits-abc', 'flag', (f) => ['parity', '--qubits', 'abc', ...out(f, 'b')], /option '--qubits <n>' argument 'abc' is invalid/),
  d('qubits-0', 'flag', (f) => ['parity', '--qubits', '0', ...out(f, 'c')], /qubits must be an integer in 1\.\.24, got 0/),
  d('qubits-neg', 'flag', (f) => ['ghz', '--qubits', '-3', ...out(f, 'c2')], /qubits must be an integer in 1\.\.30, got -3/),
  d('qubits-frac', 'flag', (f) => ['ghz', '--qubits', '2.5', ...out(f, 'c3')], /option '--qubits <n>' argument '2\.5' is invalid/),
  d('parity-40', 'flag', (f) => ['parity', '--qubits', '40', ...out(f, 'e')], /parity: qubits must be an integer in 1\.\.24, got 40/),
  d('liuwang-40', 'flag', (f) => ['liuwang', '--qubits', '40', ...out(f, 'e2')], /liu-wang: qubits must be an integer in 1\.\.24, got 40/),
  d('cardinality-40', 'flag', (f) => ['cardinality', '--qubits', '40', ...out(f, 'e3')], /cardinality: qubits must be an integer in 1\.\.24, got 40/),
  d('cardinality-k', 'flag', (f) => ['cardinality', '--qubits', '4', '--weight', '9', ...out(f, 'e4')], /cardinality: weight must be in 0\.\.4, got 9/),
  d('random-count', 'flag', (f) => ['random', '--qubits', '8', '--count', '1e12', ...out(f, 'g')], /random-strings: count must be an integer in 1\.\.min\(2\^8, 10\^6\), got 1000000000000/),
  d('random-count-abc', 'flag', (f) => ['random', '--qubits', '8', '--count', 'abc', ...out(f, 'g2')], /option '--count <m>' argument 'abc' is invalid/),
  d('bas-huge', 'flag', (f) => ['bas', '--grid', '100x100', ...out(f, 'h')], /bars-and-stripes: qubits must be an integer in 1\.\.24, got 10000/),
  d('bas-garbage', 'flag', (f) => ['bas', '--grid', 'axb', ...out(f, 'h2')], /option '--grid <RxC>' argument 'axb' is invalid/),
  d('showers-events', 'flag', (f) => ['showers', '--events', '1e12', ...out(f, 'i')], /--events 1000000000000 with --cells 25: needs about/),
  d('showers-cells', 'flag', (f) => ['showers', '--events', '1000000', '--cells', '200', ...out(f, 'i6')], /--events 1000000 with --cells 200: needs about/),
  d('ghz-1', 'flag', (f) => ['ghz', '--qubits', '1', ...out(f, 'c4')], /ghz: a GHZ state needs at least 2 qubits/),
  d('showers-events-0', 'flag', (f) => ['showers', '--events', '0', ...out(f, 'i2')], /showers: events must be an integer in 1\.\.10\^6, got 0/),
  d('showers-grid', 'flag', (f) => ['showers', '--grid', '26x26', ...out(f, 'i3')], /pool: 26 pixels along an axis of 25 cells/), // 9x9 is a wide (bit-row) dataset since issue 15
  d('showers-fraction', 'flag', (f) => ['showers', '--fraction', 'x', ...out(f, 'i4')], /option '--fraction <f>' argument 'x' is invalid/),
  d('showers-energy', 'flag', (f) => ['showers', '--energy', '5', ...out(f, 'i5')], /option '--energy <lo:hi>' argument '5' is invalid. expected lo:hi/),
  d('zmumu-events', 'flag', (f) => ['zmumu', '--events', '1e12', ...out(f, 'j')], /zmumu: events must be an integer in 1\.\.10\^7, got 1000000000000/),
  d('zmumu-qubits', 'flag', (f) => ['zmumu', '--qubits', '40', ...out(f, 'j2')], /zmumu|bits|qubits/),
  d('name-long', 'flag', () => ['parity', '--qubits', '3', '--name', 'x'.repeat(300)], /--name.*300 characters/),
  d('name-empty', 'flag', () => ['parity', '--qubits', '3', '--name', ''], /--name.*empty/),
  d('name-climb', 'flag', () => ['parity', '--qubits', '3', '--name', '../../../tmp/x'], /--name.*path separator/),
  d('out-empty', 'out', () => ['parity', '--qubits', '3', '--out', ''], /--out.*empty/),
  d('out-proc', 'out', () => ['parity', '--qubits', '3', '--out', '/proc/x'], /--out \/proc\/x/),
  d('out-file', 'out', (f) => ['parity', '--qubits', '3', '--out', f.at('good.json')], /--out .*good\.json: is a file/),
  d('out-long', 'out', (f) => ['parity', '--qubits', '3', '--out', f.at('y'.repeat(300))], /--out .*name too long/),
  d('unknown-kind', 'flag', () => ['nope'], /nope/),
  // CSV event files
  d('csv-missing', 'csv', (f) => ['csv', '--file', f.at('nope.csv'), '--features', 'mass:2', ...out(f, 'k')], /nope\.csv: no such file/),
  d('csv-dir', 'csv', (f) => ['csv', '--file', f.dir, '--features', 'mass:2', ...out(f, 'k2')], /is a directory, not a file/),
  d('csv-inf', 'csv', (f) => csv(f, 'ev-inf.csv', 'mass,pt\n1e400,3\n2,4\n', 'mass:2'), /ev-inf\.csv:2: column "mass" is 1e400, not a finite number/),
  d('csv-ragged', 'csv', (f) => csv(f, 'ev-rag.csv', 'mass,pt\n1,2,3\n', 'mass:2'), /ev-rag\.csv:2/),
  d('csv-empty', 'csv', (f) => csv(f, 'ev-empty.csv', '', 'mass:2'), /ev-empty\.csv: empty file/),
  d('csv-binary', 'csv', (f) => csv(f, 'ev-bin.csv', '\u0000\u0001\u00ff\n\u0002', 'mass:2'), /ev-bin\.csv/),
  d('csv-no-column', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'energy:2', ...out(f, 'k3')], /events\.csv: no column "energy"/),
  d('csv-dup-feature', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:2,mass:2', ...out(f, 'k4')], /--features.*"mass".*twice/),
  d('csv-constant-quantile', 'csv', (f) => csv(f, 'ev-const.csv', `mass,pt\n${'5,1\n'.repeat(20)}`, 'mass:2', '--binning', 'quantile'), /ev-const\.csv: feature "mass": all 20 values equal 5/),
  d('csv-bits-0', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:0', ...out(f, 'k5')], /events\.csv: feature "mass": bits must be an integer in 1\.\.16, got 0/),
  d('csv-bits-40', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:40', ...out(f, 'k6')], /events\.csv: feature "mass": bits must be an integer in 1\.\.16, got 40/),
  d('csv-range-rev', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:2:120:60', ...out(f, 'k7')], /feature "mass": needs a range lo < hi, got \[120, 60\]/),
  d('csv-range-nan', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:2:a:b', ...out(f, 'k8')], /feature "mass": needs a range lo < hi, got \[NaN, NaN\]/),
  d('csv-binning', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:2', '--binning', 'log', ...out(f, 'k9')], /option '--binning <b>' argument 'log' is invalid/),
  d('csv-code', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:2', '--code', 'morse', ...out(f, 'k10')], /option '--code <c>' argument 'morse' is invalid/),
  d('csv-oor', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:2', '--out-of-range', 'maybe', ...out(f, 'k11')], /option '--out-of-range <m>' argument 'maybe' is invalid/),
  d('csv-all-out', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:2:0:1', ...out(f, 'k12')], /events\.csv|mass|range/),
  d('csv-p4-bad', 'csv', (f) => ['csv', '--file', f.at('events.csv'), '--features', 'mass:2', '--p4', 'garbage', ...out(f, 'k13')], /--p4.*garbage/),
  // HDF5
  d('h5-truncated', 'hdf5', (f) => ['hdf5', '--file', truncated(f, 'events.h5', 'trunc.h5', 600), '--features', 'mass:2', ...out(f, 'l')], /trunc\.h5/),
  d('h5-garbage', 'hdf5', (f) => ['hdf5', '--file', f.file('garbage.h5', 'not an hdf5 file at all'), '--features', 'mass:2', ...out(f, 'l2')], /garbage\.h5/),
  d('h5-dir', 'hdf5', (f) => ['hdf5', '--file', f.dir, '--features', 'mass:2', ...out(f, 'l3')], /is a directory, not a file/),
  d('h5-missing', 'hdf5', (f) => ['hdf5', '--file', f.at('nope.h5'), '--features', 'mass:2', ...out(f, 'l4')], /nope\.h5: no such file/),
  d('h5-no-column', 'hdf5', (f) => ['hdf5', '--file', f.at('events.h5'), '--features', 'energy:2', ...out(f, 'l5')], /events\.h5.*"energy"/),
  d('h5-empty', 'hdf5', (f) => ['hdf5', '--file', f.file('empty.h5', ''), '--features', 'mass:2', ...out(f, 'l6')], /empty\.h5/),
  // ROOT
  d('root-truncated', 'root', (f) => ['root', '--file', truncated(f, 'events.root', 'trunc.root', 300), '--tree', 'Events', '--features', 'mass:2', ...out(f, 'm')], /trunc\.root/),
  d('root-garbage', 'root', (f) => ['root', '--file', f.file('garbage.root', 'root? no'), '--tree', 'Events', '--features', 'mass:2', ...out(f, 'm2')], /garbage\.root/),
  d('root-no-tree', 'root', (f) => ['root', '--file', f.at('events.root'), '--tree', 'Nope', '--features', 'mass:2', ...out(f, 'm3')], /events\.root.*Nope/),
  d('root-dir', 'root', (f) => ['root', '--file', f.dir, '--tree', 'Events', '--features', 'mass:2', ...out(f, 'm4')], /is a directory, not a file/),
  // LHE
  d('lhe-truncated', 'lhe', (f) => ['lhe', '--file', truncated(f, 'events.lhe', 'trunc.lhe', 400), '--particle', 'mu=13', '--features', 'mu.E:2', ...out(f, 'n')], /trunc\.lhe/),
  d('lhe-garbage', 'lhe', (f) => ['lhe', '--file', f.file('garbage.lhe', '<html>no</html>'), '--particle', 'mu=13', '--features', 'mu.E:2', ...out(f, 'n2')], /garbage\.lhe/),
  d('lhe-particle-bad', 'lhe', (f) => ['lhe', '--file', f.at('events.lhe'), '--particle', 'mu=abc', '--features', 'mu.E:2', ...out(f, 'n3')], /--particle.*mu=abc|mu=abc/),
  d('lhe-status', 'lhe', (f) => ['lhe', '--file', f.at('events.lhe'), '--particle', 'mu=13', '--status', 'x', '--features', 'mu.E:2', ...out(f, 'n4')], /option '--status <s>' argument 'x' is invalid/),
  // images (.npy, HDF5)
  d('npy-garbage', 'npy', (f) => ['images', '--file', f.file('garbage.npy', 'NUMPY?'), ...out(f, 'o')], /garbage\.npy/),
  d('npy-truncated', 'npy', (f) => ['images', '--file', truncated(f, 'images.npy', 'trunc.npy', 200), '--energies', f.at('energies.npy'), ...out(f, 'o2')], /trunc\.npy/),
  d('npy-energies-short', 'npy', (f) => ['images', '--file', f.at('images.npy'), '--energies', truncated(f, 'energies.npy', 'e-trunc.npy', 140), ...out(f, 'o3')], /e-trunc\.npy/),
  d('npy-grid', 'npy', (f) => ['images', '--file', f.at('images.npy'), '--energies', f.at('energies.npy'), '--grid', '0x3', ...out(f, 'o4')], /grid.*0x3/),
  d('npy-face-cells', 'npy', (f) => ['images', '--file', f.at('images.npy'), '--energies', f.at('energies.npy'), '--face-cells', 'abc', ...out(f, 'o5')], /option '--face-cells <n>' argument 'abc' is invalid/),
  d('npy-range', 'npy', (f) => ['images', '--file', f.at('images.npy'), '--energies', f.at('energies.npy'), '--event-range', '5:2', ...out(f, 'o6')], /--event-range.*5:2|5:2/),
  d('npz-garbage', 'npy', (f) => ['images', '--file', f.file('garbage.npz', 'PK\u0003\u0004 broken'), ...out(f, 'o7')], /garbage\.npz/),
];
