/**
 * Gradient-free optimisers on test functions with known minima (shifted quadratic, Rosenbrock), seed
 * reproducibility, and checkpoint/resume through JSON (getState → JSON → setState continues identically).
 */
import { AskTellOptimizer, runAskTell } from '../../src/train/optimizers/askTell';
import { CmaEs } from '../../src/train/optimizers/cmaes';
import { NelderMead } from '../../src/train/optimizers/nelderMead';
import { Spsa } from '../../src/train/optimizers/spsa';

const shift = [1, -2, 0.5, 3, -1];
const quadratic = (x: Float64Array) => x.reduce((s, v, i) => s + (i + 1) * (v - shift[i]) ** 2, 0);
const rosenbrock = (x: Float64Array) => {
  let s = 0;
  for (let i = 0; i + 1 < x.length; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
  return s;
};
const batch = (f: (x: Float64Array) => number) => (xs: Float64Array[]) => xs.map(f);
const dist = (x: Float64Array, y: number[]) => Math.hypot(...Array.from(x, (v, i) => v - y[i]));

const makers: Record<string, (x0: number[], seed: number) => AskTellOptimizer> = {
  spsa: (x0, seed) => new Spsa(x0, { seed, a: 0.4, c: 0.01 }),
  'nelder-mead': (x0) => new NelderMead(x0),
  'cma-es': (x0, seed) => new CmaEs(x0, { seed, sigma: 1 }),
  'cma-es (separable)': (x0, seed) => new CmaEs(x0, { seed, sigma: 1, separable: true }),
};

test.each(Object.keys(makers))('%s finds the minimum of a 5-d shifted quadratic', (name) => {
  const opt = makers[name]([0, 0, 0, 0, 0], 1);
  const run = runAskTell(opt, batch(quadratic), { maxEvaluations: 6000 });
  // SPSA's evaluated points sit c_k away from its iterate, so judge its iterate
  expect(dist(opt instanceof Spsa ? opt.current() : run.best.x, shift)).toBeLessThan(1e-3);
  expect(run.history[run.history.length - 1]).toBeLessThan(run.history[0]);
});

test.each(['nelder-mead', 'cma-es'])('%s finds the Rosenbrock minimum (1, 1) in 2-d and (1, …, 1) in 4-d', (name) => {
  for (const d of [2, 4]) {
    const run = runAskTell(makers[name](new Array(d).fill(-1), 2), batch(rosenbrock), {
      maxEvaluations: 20000,
      target: 1e-10,
    });
    expect(dist(run.best.x, new Array(d).fill(1))).toBeLessThan(1e-3);
  }
});

test.each(Object.keys(makers))('%s: same seed → same run; JSON checkpoint resumes identically', (name) => {
  const f = batch(quadratic),
    x0 = [0.3, -0.2, 0.1, 0, 0.4];
  const a = runAskTell(makers[name](x0, 7), f, { maxEvaluations: 300 });
  const b = runAskTell(makers[name](x0, 7), f, { maxEvaluations: 300 });
  expect(Array.from(a.best.x)).toEqual(Array.from(b.best.x));
  const first = makers[name](x0, 7);
  runAskTell(first, f, { maxEvaluations: 150 });
  first.ask(); // a pending proposal must survive the checkpoint too
  const resumed = makers[name](x0, 7);
  resumed.setState(JSON.parse(JSON.stringify(first.getState())));
  const c = runAskTell(resumed, f, { maxEvaluations: 300 });
  expect(Array.from(c.best.x)).toEqual(Array.from(a.best.x));
  expect(c.evaluations).toBe(a.evaluations);
  if (name !== 'nelder-mead')
    expect(Array.from(runAskTell(makers[name](x0, 8), f, { maxEvaluations: 300 }).best.x)).not.toEqual(
      Array.from(a.best.x),
    );
});

test('bad input is a one-line error', () => {
  expect(() => new Spsa([0], { seed: 1, a: -1 })).toThrow('spsa: gains a and c must be positive');
  const nm = new NelderMead([0, 0]);
  nm.ask();
  expect(() => nm.tell([1])).toThrow('expected 3 values');
  expect(() => new CmaEs([0, 0], { seed: 1 }).setState(new NelderMead([0, 0]).getState())).toThrow('setState');
});
