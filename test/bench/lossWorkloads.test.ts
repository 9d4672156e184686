/** The loss benchmark workloads run at tiny sizes and return complete JSON-able records. */
import { lossBenchmarks } from '../../src/bench/lossWorkloads';

test('records for every (workload, method, size), JSON round-trippable', async () => {
  const seen: string[] = [];
  const recs = await lossBenchmarks({
    mmdQubits: [4, 6],
    mmdMethods: ['wht', 'kronecker', 'kronecker-ops'],
    gradQubits: 3,
    gradLayers: 1,
    repeats: 2,
    onResult: (r) => seen.push(r.method),
  });
  expect(recs.map((r) => `${r.workload}/${r.method}/${r.nQubits}`)).toEqual([
    'mmd-exact/wht/4',
    'mmd-exact/kronecker/4',
    'mmd-exact/kronecker-ops/4',
    'mmd-exact/wht/6',
    'mmd-exact/kronecker/6',
    'mmd-exact/kronecker-ops/6',
    'loss-grad/kl/3',
    'loss-grad/mmd/3',
    'loss-grad/lqf/3',
  ]);
  expect(seen).toHaveLength(9);
  for (const r of recs) {
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r.msMin).toBeLessThanOrEqual(r.msMedian);
    expect(r.rssMB).toBeGreaterThan(10);
  }
});
