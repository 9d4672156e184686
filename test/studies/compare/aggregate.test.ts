/** Aggregation and ranking on synthetic run records (no training): spreads, curves, median runs, ranks and ties. */
import {
  aggregateCells,
  aggregateCurves,
  CellSummary,
  rankCells,
  RunRecord,
} from '../../../src/studies/compare/aggregate';
import { RunKey } from '../../../src/studies/compare/grid';

const key = (loss: string, seedIndex: number, shots: number | null = 100): RunKey => ({
  data: 'd',
  nQubits: 4,
  layers: 2,
  shots,
  loss,
  seedIndex,
});
const id = (k: RunKey) => `${k.loss}-${k.shots ?? 'x'}-${k.seedIndex}`;
function record(k: RunKey, tvd: number, curve: number[] = [2, tvd]): RunRecord {
  return {
    id: id(k),
    key: k,
    seconds: 1,
    top: [],
    image: null,
    final: {
      tvd_train: tvd,
      tvd_test: tvd + 0.1,
      kl_train: 2 * tvd,
      kl_test: 0,
      mmd: {},
      kbody_error: 0,
      mass_on_train_support: 1,
      precision: 1,
      recall: 0.5,
      prK: 3,
    },
    curve: curve.map((v, i) => ({ step: 10 * i, tvd_train: v, tvd_test: v + 0.1 })),
  };
}

const finals: Record<string, number[]> = { kl: [0.9, 0.8, 1.0], mmd: [0.3, 0.5, 0.2], lqf: [0.6, 0.4, 0.7] };
const planned = ['kl', 'mmd', 'lqf'].flatMap((l) => [0, 1, 2].map((s) => ({ key: key(l, s), id: id(key(l, s)) })));
const records = new Map(planned.map((p) => [p.id, record(p.key, finals[p.key.loss][p.key.seedIndex])]));

test('cells: spreads of the final metric, other metrics, the median-seed run, ranks', () => {
  const cells = aggregateCells(planned, records, 'tvd_train', ['kl', 'mmd', 'lqf'], { kl: 'KL', mmd: 'MMD' });
  expect(cells.map((c) => [c.loss, c.rank])).toEqual([
    ['mmd', 1],
    ['lqf', 2],
    ['kl', 3],
  ]);
  const mmd = cells[0];
  expect(mmd.label).toBe('MMD');
  expect(cells[1].label).toBe('lqf'); // no label given: the id
  expect(mmd.metric).toEqual({ median: 0.3, q1: 0.25, q3: 0.4, min: 0.2, max: 0.5, count: 3 }); // sorted 0.2 0.3 0.5
  expect(mmd.final.tvd_test.median).toBeCloseTo(0.4, 12);
  expect(mmd.final.kl_train.median).toBeCloseTo(0.6, 12);
  expect(mmd.medianRun).toBe('mmd-100-0'); // the seed with 0.3
  expect(cells[2].medianRun).toBe('kl-100-0'); // 0.8 0.9 1.0 → 0.9 is seed 0
  expect([mmd.planned, mmd.finished]).toEqual([3, 3]);
});

test('curves: per-step median and quartiles over the runs that reached the step', () => {
  const recs = [
    record(key('kl', 0), 1, [2, 1, 0.5]),
    record(key('kl', 1), 1, [2, 1.4]),
    record(key('kl', 2), 1, [2, 0.6, 0.3]),
  ];
  const c = aggregateCurves(recs, 'tvd_train');
  expect(c.map((p) => p.step)).toEqual([0, 10, 20]);
  expect(c[1]).toMatchObject({ median: 1, q1: 0.8, q3: 1.2, count: 3 }); // 0.6, 1, 1.4
  expect(c[2]).toMatchObject({ median: 0.4, count: 2 }); // 0.3, 0.5
  expect(aggregateCurves(recs, 'tvd_test')[1].median).toBeCloseTo(1.1, 12);
});

test('ranking: ties on the median go to the smaller upper quartile, then to the spec order; empty cells last, unranked', () => {
  const cell = (loss: string, median: number, q3: number, finished = 3): CellSummary =>
    ({
      panelId: 'p',
      loss,
      finished,
      metric: { median, q3, q1: 0, min: 0, max: 0, count: finished },
      rank: null,
    }) as unknown as CellSummary;
  const ranked = rankCells(
    [cell('a', 0.5, 0.9), cell('b', 0.5, 0.7), cell('c', 0.5, 0.7), cell('d', NaN, NaN, 0), cell('e', 0.1, 0.2)],
    ['a', 'c', 'b', 'd', 'e'],
  );
  expect(ranked.map((c) => [c.loss, c.rank])).toEqual([
    ['e', 1],
    ['c', 2],
    ['b', 3],
    ['a', 4],
    ['d', null],
  ]);
});

test('panels are ranked separately and partial cells count only finished runs', () => {
  const plannedTwo = [
    ...planned,
    ...['kl', 'mmd'].flatMap((l) => [0, 1].map((s) => ({ key: key(l, s, null), id: id(key(l, s, null)) }))),
  ];
  const recs = new Map(records);
  recs.set('kl-x-0', record(key('kl', 0, null), 0.1));
  recs.set('mmd-x-0', record(key('mmd', 0, null), 0.2));
  recs.set('mmd-x-1', record(key('mmd', 1, null), 0.4));
  const cells = aggregateCells(plannedTwo, recs, 'tvd_train', ['kl', 'mmd', 'lqf'], {});
  const exact = cells.filter((c) => c.panel.shots === null);
  expect(exact.map((c) => [c.loss, c.rank, c.finished, c.planned])).toEqual([
    ['kl', 1, 1, 2],
    ['mmd', 2, 2, 2],
  ]);
  expect(exact[1].metric.median).toBeCloseTo(0.3, 12);
  expect(exact[1].medianRun).toBe('mmd-x-0'); // even count: the lower middle
  expect(cells.filter((c) => c.panel.shots === 100).map((c) => c.rank)).toEqual([1, 2, 3]);
});
