/**
 * A scan's memory check: what a point needs (engine arrays for its largest batch of rows, loss arrays), refusals
 * before anything is allocated — when the machine (or PLATEAU_MEMORY_LIMIT) has too little, and when a wasm memory
 * could never hold the point — each one line with the point and the sizes; and `plateau scan` exits 2 on it without
 * creating its folder.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { availableMemory, checkScanMemory, pointMemory } from '../../../src/studies/scan/memory';
import { drawChunks } from '../../../src/studies/scan/compute';
import { resolveScanSpec } from '../../../src/studies/scan/spec';

const spec = (qubits: number[], draws = 256) =>
  resolveScanSpec({ losses: ['mmd(n/4)'], ansatz: 'hep', depths: [4], qubits, draws, engine: 'cpu' });

function withLimit<T>(v: string | undefined, fn: () => T): T {
  const old = process.env.PLATEAU_MEMORY_LIMIT;
  if (v === undefined) delete process.env.PLATEAU_MEMORY_LIMIT;
  else process.env.PLATEAU_MEMORY_LIMIT = v;
  try {
    return fn();
  } finally {
    if (old === undefined) delete process.env.PLATEAU_MEMORY_LIMIT;
    else process.env.PLATEAU_MEMORY_LIMIT = old;
  }
}

test('a point needs its largest batch of rows: loss arrays 18 × float32 [rows, 2^n], engine states beside them', () => {
  for (const n of [8, 12, 20, 24]) {
    const m = pointMemory(spec([n]), n, 4);
    const rows = Math.max(...drawChunks(256, n, 1).map((c) => c.rows[1] - c.rows[0]));
    expect(m.rows).toBe(rows);
    expect(m.lossBytes).toBe(18 * 4 * rows * 2 ** n);
    expect(m.engineBytes).toBeGreaterThanOrEqual(4 * 8 * 2 ** n); // at least one float64 workspace
    expect(m.limit).toBeNull();
  }
  // the chunking bounds a point: n = 20 with 64 draws needs about as much as n = 22 with 1
  expect(pointMemory(spec([20], 64), 20, 4).total).toBeLessThan(2 ** 30);
});

test('refused with the point, what it needs and what is available (PLATEAU_MEMORY_LIMIT)', () => {
  withLimit('512M', () => {
    expect(() => checkScanMemory(spec([10, 12]))).not.toThrow();
    expect(() => checkScanMemory(spec([10, 22]))).toThrow(
      /^scan point n = 22 needs about [\d.]+ GiB \(engine cpu [\d.]+ GiB, loss arrays [\d.]+ GiB, 1 row per batch\); 0\.50 GiB available \(PLATEAU_MEMORY_LIMIT\)\. /,
    );
    expect(() => checkScanMemory(spec([12]), 64)).toThrow(/× 64 workers/);
  });
  withLimit('lots', () => expect(() => availableMemory()).toThrow(/PLATEAU_MEMORY_LIMIT="[^"]*": expected bytes/));
  withLimit(undefined, () => expect(availableMemory().bytes).toBeGreaterThan(0));
});

test('IQP scans hold no state vector: 64 qubits pass the state-vector check (their masks are sized with the spec)', () => {
  const iqp = resolveScanSpec({
    losses: ['mmd(n/4)'],
    ansatz: 'iqp',
    qubits: [32, 64],
    draws: 4,
    bootstrap: 10,
    iqp: { masks: 50 },
  });
  withLimit('512M', () => expect(() => checkScanMemory(iqp)).not.toThrow());
});

test('a point no wasm memory could hold is named as such (beyond the 24-qubit cap of scans today)', () => {
  expect(pointMemory(spec([20], 8), 27, 4).limit).toBe(
    'its CPU workspace (4.0 GiB) exceeds the 4 GiB of a wasm memory',
  );
  expect(pointMemory(spec([20], 8), 26, 4).limit).toBeNull();
});

test('plateau scan refuses such a point with one line and exit 2, before its folder exists', () => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'scan-mem-')), 'run');
  const r = spawnSync(
    process.execPath,
    [
      require.resolve('tsx/cli'),
      'scripts/scan.ts',
      '--losses',
      'mmd(n/4)',
      '--qubits',
      '6,21',
      '--depths',
      '2',
      '--draws',
      '8',
      '--backend',
      'cpu',
      '--quiet',
      '--out',
      out,
    ],
    {
      cwd: path.join(__dirname, '../../..'),
      encoding: 'utf8',
      env: { ...process.env, PLATEAU_MEMORY_LIMIT: '512M' },
    },
  );
  expect(r.status).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^error: scan point n = 21 needs about [\d.]+ GiB/);
  expect(fs.existsSync(out)).toBe(false);
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
});
