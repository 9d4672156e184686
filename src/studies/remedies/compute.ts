/**
 * Remedies for entanglement-induced plateaus ([O] §4.5), measured on one hidden-unit task (studies/hidden/visibleTask.ts):
 * random initialisation of L all-Pauli layers vs identity blocks (⌈L/2⌉ blocks B·B†, the same gate count for even
 * L, U = I at start, optionally jittered — see initialParams), an entanglement-limited ansatz (L layers with only `couplings` visible–hidden pairs), and pretraining
 * (`pretrainSteps` exact Adam steps on a local cost 1 − (1/n)Σ_j p_j(0) over all qubits, or on S(diag p*‖ρ_v), then
 * the task). The task phase uses `shots` (0 = exact) for losses and parameter-shift gradients. Success rate and final
 * exact KL/TVD over seeds; every variant starts from the same seeds.
 */
import { hiddenUnitModel, HiddenUnitModel, initialParams } from '../../models/hiddenUnit';
import { createRng, deriveSeed } from '../../rng';
import { summarize, Summary } from '../entanglement/compute';
import { adamRun, Pretrain } from '../hidden/trainLoops';
import { ghzTarget, VisibleTask } from '../hidden/visibleTask';
import { REMEDY_NAMES, RemedyName, RemedyOptions } from './spec';

export { REMEDY_NAMES, type RemedyName, type RemedyOptions } from './spec';

export interface RemedyResult {
  remedy: RemedyName;
  nHidden: number;
  nParams: number;
  successRate: number;
  kl: Summary;
  tvd: Summary;
  /** Exact KL at the start of the task phase (after pretraining, if any), median over seeds. */
  startKl: number;
  runs: { seed: number; kl: number; tvd: number; success: boolean }[];
}

function modelFor(r: RemedyName, o: RemedyOptions, nHidden: number): HiddenUnitModel {
  const seed = deriveSeed(o.seed, 'gate-order');
  const base = { nVisible: o.nVisible, nHidden, seed };
  switch (r) {
    case 'identity-blocks':
      return hiddenUnitModel({
        ...base,
        ansatz: { kind: 'all-pauli', layers: Math.max(1, Math.ceil(o.layers / 2)), identityBlocks: true },
      });
    case 'limited-entanglement':
      return hiddenUnitModel({ ...base, ansatz: { kind: 'all-pauli', layers: o.layers, couplings: o.couplings } });
    default:
      return hiddenUnitModel({ ...base, ansatz: { kind: 'all-pauli', layers: o.layers } });
  }
}

/** Relative cost of one run (one seed of one remedy): Adam steps × 2^qubits × (parameter-shift circuits with shots). */
function runWork(model: HiddenUnitModel, o: RemedyOptions): number {
  return 2 ** model.circuit.nQubits * (o.pretrainSteps + o.steps * (o.shots > 0 ? 2 * model.circuit.nParams : 3));
}

/** The study's total work, in the units its tick reports. */
export function remediesWork(o: RemedyOptions): number {
  let work = 0;
  for (const nh of o.nHidden)
    for (const r of o.remedies ?? REMEDY_NAMES) work += o.seeds * runWork(modelFor(r, o, nh), o);
  return work;
}

export async function remediesStudy(
  o: RemedyOptions,
  tick?: (units: number, label: string) => void,
): Promise<RemedyResult[]> {
  const task: VisibleTask = { target: ghzTarget(o.nVisible), eps: 1e-6, shots: o.shots, successTvd: o.successTvd };
  const out: RemedyResult[] = [];
  for (const nHidden of o.nHidden)
    for (const remedy of o.remedies ?? REMEDY_NAMES) {
      const model = modelFor(remedy, o, nHidden);
      const pretrain: Pretrain = remedy === 'pretrain-local' ? 'local' : remedy === 'pretrain-qre' ? 'qre' : 'none';
      const starts: number[] = [],
        runs: RemedyResult['runs'] = [];
      for (let s = 0; s < o.seeds; s++) {
        const x0 = initialParams(model, createRng(deriveSeed(o.seed, 'init', s)), 1, { jitter: o.jitter });
        const rng = createRng(deriveSeed(o.seed, 'shots', remedy, s));
        const r = await adamRun(model, task, x0, rng, {
          steps: o.steps,
          lr: o.lr,
          pretrain,
          pretrainSteps: o.pretrainSteps,
          optimizer: o.optimizer,
          onTaskStart: (kl) => starts.push(kl),
        });
        tick?.(runWork(model, o), `n_h=${nHidden} ${remedy}, seed ${s + 1}/${o.seeds}`);
        runs.push({ seed: s, kl: r.kl, tvd: r.tvd, success: r.success });
      }
      out.push({
        remedy,
        nHidden,
        nParams: model.circuit.nParams,
        successRate: runs.filter((r) => r.success).length / runs.length,
        kl: summarize(runs.map((r) => r.kl)),
        tvd: summarize(runs.map((r) => r.tvd)),
        startKl: summarize(starts).median,
        runs,
      });
    }
  return out;
}
