/**
 * "Gradient-free optimisers fail too" ([O] §4.3), shown: Adam and SPSA, Nelder–Mead, CMA-ES on the same visible
 * task (studies/hidden/visibleTask.ts) for plateaued models (n_h hidden qubits for each n_h asked for, all-Pauli layers
 * coupling them to the visible ones), the same circuits with the visible–hidden couplings removed, and a small model
 * without hidden units.
 * Each (model, optimiser) runs from the same random initial points over `seeds`; success = exact TVD below threshold.
 */
import { hiddenUnitModel, HiddenUnitModel, initialParams } from '../../models/hiddenUnit';
import { createRng, deriveSeed } from '../../rng';
import { CmaEs } from '../../train/optimizers/cmaes';
import { NelderMead } from '../../train/optimizers/nelderMead';
import { Spsa } from '../../train/optimizers/spsa';
import { summarize, Summary } from '../entanglement/compute';
import { adamRun, askTellRun, RunResult } from '../hidden/trainLoops';
import { ghzTarget, VisibleTask } from '../hidden/visibleTask';
import { GradientFreeOptions, OPTIMIZER_NAMES, OptimizerName } from './spec';

export { OPTIMIZER_NAMES, type OptimizerName, type GradientFreeOptions } from './spec';

/** Reports finished work in units of gradientFreeWork and names the run that finished. */
export type WorkTick = (units: number, label: string) => void;

export interface CellResult {
  model: string;
  optimizer: OptimizerName;
  nParams: number;
  successRate: number;
  kl: Summary;
  tvd: Summary;
  runs: Omit<RunResult, 'theta' | 'history'>[];
}

export function studyModels(
  o: Pick<GradientFreeOptions, 'nVisible' | 'nHidden' | 'layers' | 'seed'>,
): { name: string; model: HiddenUnitModel }[] {
  const seed = deriveSeed(o.seed, 'gate-order');
  return [
    ...o.nHidden
      .filter((nh) => nh > 0)
      .flatMap((nh) => [
        {
          name: `plateau (n_h=${nh}, coupled)`,
          model: hiddenUnitModel({
            nVisible: o.nVisible,
            nHidden: nh,
            ansatz: { kind: 'all-pauli', layers: o.layers },
            seed,
          }),
        },
        {
          name: `decoupled (n_h=${nh}, no v–h terms)`,
          model: hiddenUnitModel({
            nVisible: o.nVisible,
            nHidden: nh,
            ansatz: { kind: 'all-pauli', layers: o.layers, couplings: 0 },
            seed,
          }),
        },
      ]),
    {
      name: 'no hidden units',
      model: hiddenUnitModel({
        nVisible: o.nVisible,
        nHidden: 0,
        ansatz: { kind: 'all-pauli', layers: o.layers },
        seed,
      }),
    },
  ];
}

/** Relative cost of one run: circuit evaluations × 2^qubits (an Adam step costs a forward and an adjoint sweep, ≈ 3). */
const runWork = (model: HiddenUnitModel, opt: OptimizerName, o: GradientFreeOptions) =>
  2 ** model.circuit.nQubits * (opt === 'adam' ? 3 * o.adamSteps : o.evaluations);

/** The study's total work, in the units its WorkTick reports. */
export function gradientFreeWork(o: GradientFreeOptions): number {
  let work = 0;
  for (const { model } of studyModels(o))
    for (const opt of o.optimizers ?? OPTIMIZER_NAMES) work += o.seeds * runWork(model, opt, o);
  return work;
}

export async function runOne(
  name: OptimizerName,
  model: HiddenUnitModel,
  task: VisibleTask,
  x0: Float32Array,
  seed: number,
  o: GradientFreeOptions,
): Promise<RunResult> {
  const rng = createRng(deriveSeed(seed, 'shots'));
  switch (name) {
    case 'adam':
      return adamRun(model, task, x0, rng, { steps: o.adamSteps, lr: o.lr });
    case 'spsa':
      return askTellRun(model, task, new Spsa(x0, { seed, a: 0.2, c: 0.1, A: o.evaluations / 20 }), rng, o.evaluations);
    case 'nelder-mead':
      return askTellRun(model, task, new NelderMead(x0, { step: 0.5 }), rng, o.evaluations);
    case 'cma-es':
      return askTellRun(model, task, new CmaEs(x0, { seed, sigma: 0.5 }), rng, o.evaluations);
  }
}

export async function gradientFreeStudy(o: GradientFreeOptions, tick?: WorkTick): Promise<CellResult[]> {
  const task: VisibleTask = { target: ghzTarget(o.nVisible), eps: 1e-6, shots: o.shots, successTvd: o.successTvd };
  const out: CellResult[] = [];
  for (const { name, model } of studyModels(o))
    for (const opt of o.optimizers ?? OPTIMIZER_NAMES) {
      const runs: CellResult['runs'] = [];
      for (let s = 0; s < o.seeds; s++) {
        const x0 = initialParams(model, createRng(deriveSeed(o.seed, 'init', name, s)));
        const { theta: _t, history: _h, ...r } = await runOne(opt, model, task, x0, deriveSeed(o.seed, opt, s), o);
        tick?.(runWork(model, opt, o), `${name}, ${opt}, seed ${s + 1}/${o.seeds}`);
        runs.push(r);
      }
      out.push({
        model: name,
        optimizer: opt,
        nParams: model.circuit.nParams,
        successRate: runs.filter((r) => r.success).length / runs.length,
        kl: summarize(runs.map((r) => r.kl)),
        tvd: summarize(runs.map((r) => r.tvd)),
        runs,
      });
    }
  return out;
}
