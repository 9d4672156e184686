/**
 * The Lie-algebraic reference of a scan (studies/dla): for each series of a linear loss (zz, cerezo-local/global,
 * lqf, qf) on a circuit, the DLA of the circuit's generators at each n (up to `maxQubits`) and the variance Ragone et
 * al. predict for a deep circuit (Haar on the dynamical Lie group), drawn on the loss chart, with the DLA's dimension
 * and simple ideals in the key numbers. The prediction is a deep-circuit limit: shallow circuits need not reach it.
 */
import * as tf from '@tensorflow/tfjs';
import { simulate } from '../../engines/engine';
import { NotSupportedError } from '../../errors';
import { LIE_LOSSES, LieLoss, LiePrediction, lieVariance } from '../dla/variance';
import { PointResult } from './compute';
import { scanCircuit } from './ansatz';
import { scanDistribution } from './datasets';
import { emptyOutcome, pct, PresetOutcome, referenceFor } from './reference';
import { scanSeries } from './series';
import { ScanSpec } from './spec';

const isLie = (loss: string): loss is LieLoss => (LIE_LOSSES as readonly string[]).includes(loss);

/** The prediction for one point (null when the circuit has no Pauli-rotation form). */
function predict(spec: ScanSpec, p: PointResult, loss: LieLoss, dataset: string | null): LiePrediction | null {
  const circuit = scanCircuit(spec.ansatz, p.n, p.layers, spec.seed).circuit;
  if (!circuit) return null;
  try {
    if (loss === 'lqf' || loss === 'qf')
      return lieVariance(circuit, loss, { data: scanDistribution(dataset!, p.n, spec.seed) });
    // ψ₀: the fixed gates before the first parameter (clifford.ts pauliFrame puts them in `prefix`) applied to |0…0⟩
    const firstFree = circuit.gates.findIndex((g) => g.params?.some((a) => typeof a !== 'number'));
    const prefix = { nQubits: p.n, nParams: 0, gates: circuit.gates.slice(0, firstFree < 0 ? 0 : firstFree) };
    const theta = tf.zeros([1, 0]) as tf.Tensor2D,
      s = simulate(prefix, theta);
    const initial = { re: Float64Array.from(s.re.dataSync()), im: Float64Array.from(s.im.dataSync()) };
    tf.dispose([theta, s.re, s.im]);
    return lieVariance(circuit, loss, { initial });
  } catch (e) {
    if (e instanceof NotSupportedError) return null;
    throw e;
  }
}

const idealText = (r: LiePrediction) =>
  r.dla.ideals ? r.dla.ideals.map((i) => i.dim).join('⊕') + (r.dla.centre ? `⊕u(1)^${r.dla.centre}` : '') : '?';

/**
 * References and key numbers from the DLA for every linear-loss series at n ≤ maxQubits. With several random circuit
 * instances per point (mcclean) only instance 0's DLA is listed and no variance is drawn (instances may differ).
 */
export function lieReferences(spec: ScanSpec, points: PointResult[], maxQubits = 10): PresetOutcome {
  const out = emptyOutcome();
  for (const s of scanSeries(spec, points)) {
    if (!isLie(s.loss) || s.shots !== null || s.depth === 'haar') continue;
    const multi = spec.circuits > 1;
    const preds = new Map<number, LiePrediction | null>();
    for (const r of s.rows) if (r.n <= maxQubits) preds.set(r.n, predict(spec, r.point, s.loss, s.dataset));
    const dims = [...preds.entries()]
      .filter(([, r]) => r)
      .map(
        ([n, r]) =>
          `n=${n} ${r!.dla.complete ? r!.dla.basis.length : `>${r!.dla.basis.length - 1}`} (${r!.dla.complete ? idealText(r!) : 'not closed'})`,
      );
    if (!dims.length) continue;
    out.keyNumbers.push(
      `${s.label}: DLA dimension (simple ideals)${multi ? ` of instance 0 of ${spec.circuits}` : ''}: ${dims.join(', ')}`,
    );
    for (const [n, r] of preds) if (r) out.values[`dlaDim:${s.key}:n=${n}`] = r.dla.complete ? r.dla.basis.length : NaN;
    if (multi) continue;
    const ref = referenceFor(
      s,
      'lossVar',
      'loss',
      `${s.label}: Lie-algebraic Var (Ragone et al. 2024) — deep-circuit limit, Haar on the DLA group`,
      (n) => preds.get(n)?.variance ?? null,
    );
    if (!ref.points.length) continue;
    out.references.push(ref);
    out.keyNumbers.push(
      `${s.label}: Var[L] vs Lie-algebraic prediction: ${s.rows
        .flatMap((r) => {
          const y = preds.get(r.n)?.variance;
          if (!y) return [];
          out.values[`devLie:${s.key}:n=${r.n}`] = r.entry.lossVar.value / y - 1;
          return [`n=${r.n} ${pct(r.entry.lossVar.value / y - 1)}`];
        })
        .join(', ')}`,
    );
  }
  return out;
}
