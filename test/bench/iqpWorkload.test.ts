/**
 * The IQP benchmark workload at a tiny size (fields present and sane, SE measured), and the memory budget: an estimate
 * that cannot fit is refused before anything is allocated, with the bytes it needs.
 */
import { initBackend } from '../../src/backend/backend';
import { iqpBench, iqpBenchCases } from '../../src/bench/iqpWorkload';
import { emptyRows, weighted } from '../../src/data/bitRows';
import { iqpGenerators } from '../../src/models/iqp/generators';
import { drawMmd, mmdDrawBytes } from '../../src/models/iqp/mmd';
import { createRng } from '../../src/rng';

test('iqp bench: one step at n = 12 reports time, draw time, SE and memory', async () => {
  await initBackend('wasm');
  expect(iqpBenchCases().map((c) => c.n)).toEqual([64, 64, 256, 256, 1000, 1000]);
  const r = await iqpBench({ n: 12, generators: { topology: 'all' }, sigmas: ['n/4'] }, { a: 50, z: 40 });
  expect(r).toMatchObject({
    bench: 'iqp',
    path: 'cpu',
    qubits: 12,
    params: 78,
    sigmas: [3],
    a_samples: 50,
    z_samples: 40,
  });
  expect(r.ms_median).toBeGreaterThan(0);
  expect(r.loss_se).toBeGreaterThan(0);
  expect(r.grad_rel_se).toBeGreaterThan(0);
  expect(r.budget_bytes).toBe(mmdDrawBytes(iqpGenerators({ topology: 'all' }, 12), { a: 50, z: 40 }));
});

test('an estimate over the memory budget is refused before allocating, naming the bytes', () => {
  const g = iqpGenerators({ topology: 'line' }, 1000),
    data = weighted(emptyRows(1000, 1));
  const before = process.env.PLATEAU_IQP_MAX_BYTES;
  process.env.PLATEAU_IQP_MAX_BYTES = '1e6';
  try {
    expect(() => drawMmd(g, data, [1], { a: 1000, z: 1000 }, createRng(1))).toThrow(
      /^iqp mmd: 1000 masks × 1000 z samples × 1999 generators .*needs about \d+(\.\d)? MiB .*more than the 977 KiB available \(PLATEAU_IQP_MAX_BYTES\)/,
    );
  } finally {
    if (before === undefined) delete process.env.PLATEAU_IQP_MAX_BYTES;
    else process.env.PLATEAU_IQP_MAX_BYTES = before;
  }
});
