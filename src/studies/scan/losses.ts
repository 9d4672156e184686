/**
 * The losses a scan can measure: every loss of the registry (losses/registry.ts: kl, rkl, js, tvd, fidelity, renyi,
 * mmd, qf, lqf) plus three data-free costs of the state U(θ)|0⟩ — McClean et al.'s observable E = ⟨Z₀Z₁⟩ (their
 * H = Z₁Z₂ in 1-based qubit names) and Cerezo et al.'s global cost 1 − p(0…0) and local cost 1 − (1/n)Σ_j p_j(0).
 * Losses are written as the registry reads them everywhere: objects, JSON or shorthand "name(args)" ("mmd(n/4)",
 * "mmd(0.01;n/4;n)", "kl(1e-6)", …; losses/registry.ts lossFromShorthand). `scanLossKey` gives the canonical shorthand.
 */
import * as tf from '@tensorflow/tfjs';
import { Circuit } from '../../circuit/circuit';
import { EngineChoice, probs as engineProbs } from '../../engines/engine';
import { ConfigError } from '../../errors';
import { Distribution } from '../../losses/mmdSamples';
import { globalFidelityFromProbs, localFidelityFromProbs } from '../../losses/quantum';
import { LOSS_NAMES, lossFromShorthand, LossSpec, parseLossSpec, resolveLoss } from '../../losses/registry';
import { zExpectations } from '../../state/born';

export const DATA_FREE_LOSSES = ['zz', 'cerezo-global', 'cerezo-local'] as const;
export type DataFreeLossName = (typeof DATA_FREE_LOSSES)[number];
export type ScanLossSpec = LossSpec | { loss: DataFreeLossName };

/** Every name a scan accepts. */
export const SCAN_LOSS_NAMES: string[] = [...LOSS_NAMES, ...DATA_FREE_LOSSES];

const isDataFree = (name: unknown): name is DataFreeLossName => (DATA_FREE_LOSSES as readonly unknown[]).includes(name);

/** Validates a scan loss given as an object, a JSON string, a bare name or shorthand; `where` prefixes messages. */
export function parseScanLoss(raw: unknown, where = 'loss'): ScanLossSpec {
  let v: unknown = raw;
  if (typeof v === 'string' && !v.trim().startsWith('{')) v = lossFromShorthand(v, where) ?? v;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch (e) {
      throw new ConfigError(
        `${where}: not a loss name, shorthand or JSON object: ${JSON.stringify(raw)} (${(e as Error).message})`,
      );
    }
  }
  const name = (v as { loss?: unknown } | null)?.loss;
  if (isDataFree(name)) {
    const extra = Object.keys(v as object).filter((k) => k !== 'loss');
    if (extra.length) throw new ConfigError(`${where}: loss "${name}" takes no options, got ${extra.join(', ')}`);
    return { loss: name };
  }
  if (typeof name === 'string' && !LOSS_NAMES.includes(name as never))
    throw new ConfigError(`${where}: unknown loss ${JSON.stringify(name)} (known: ${SCAN_LOSS_NAMES.join(', ')})`);
  return parseLossSpec(v, where);
}

/** Canonical shorthand of a loss (defaults omitted): "mmd(n/4)", "kl", "kl(0.001)", "tvd(half)", "zz". */
export function scanLossKey(spec: ScanLossSpec): string {
  switch (spec.loss) {
    case 'mmd':
      return `mmd(${[...spec.sigmas.map(String), ...(spec.estimator === 'u' ? ['u'] : [])].join(';')})`;
    case 'kl':
    case 'rkl':
      return spec.epsilon === undefined ? spec.loss : `${spec.loss}(${spec.epsilon})`;
    case 'tvd':
      return spec.convention === 'half' ? 'tvd(half)' : 'tvd';
    case 'renyi':
      return `renyi(${spec.alpha}${spec.epsilon === undefined ? '' : `;${spec.epsilon}`})`;
    default:
      return spec.loss;
  }
}

/** A human label independent of n: "MMD σ=n/4", "KL(p‖q)", "⟨Z₀Z₁⟩". */
export function scanLossLabel(spec: ScanLossSpec): string {
  switch (spec.loss) {
    case 'mmd':
      return `MMD σ=${spec.sigmas.join('|')}${spec.estimator === 'u' ? ' (U)' : ''}`;
    case 'kl':
      return `KL(p‖q)${spec.epsilon === undefined ? '' : ` ε=${spec.epsilon}`}`;
    case 'rkl':
      return `KL(q‖p)${spec.epsilon === undefined ? '' : ` ε=${spec.epsilon}`}`;
    case 'js':
      return 'JS';
    case 'tvd':
      return spec.convention === 'half' ? 'TVD ½Σ|p−q|' : 'TVD Σ|p−q|';
    case 'fidelity':
      return '1 − Σ√(pq)';
    case 'renyi':
      return `Rényi α=${spec.alpha}`;
    case 'qf':
      return 'QF';
    case 'lqf':
      return 'LQF';
    case 'zz':
      return '⟨Z₀Z₁⟩';
    case 'cerezo-global':
      return 'global cost 1−p(0…0)';
    case 'cerezo-local':
      return 'local cost 1−(1/n)Σp_j(0)';
  }
}

export interface ScanLoss {
  spec: ScanLossSpec;
  key: string;
  label: string;
  /** False for the data-free costs: they are evaluated once per point, not once per dataset. */
  usesData: boolean;
  /** q_θ = |U(θ)|0⟩|² ('model') or |U(θ)†|φ⟩|² ('inverse', the quantum losses). */
  reads: 'model' | 'inverse';
  /** Per-row loss [B] of the distribution it reads [B, 2^n], exact or a shot histogram; data [1, 2^n] (ignored when data-free). */
  ofDistributions(model: Distribution, data: Distribution): tf.Tensor1D;
  /** The distribution it reads for a circuit at θ [B, P], differentiable. */
  readProbs(circuit: Circuit, theta: tf.Tensor2D, data: tf.Tensor2D, engine: EngineChoice): tf.Tensor2D;
}

/** Builds the loss for n qubits. */
export function resolveScanLoss(spec: ScanLossSpec, nQubits: number, where = 'loss'): ScanLoss {
  const key = scanLossKey(spec),
    label = scanLossLabel(spec);
  if (isDataFree(spec.loss)) {
    if (spec.loss === 'zz' && nQubits < 2)
      throw new ConfigError(`${where}: ⟨Z₀Z₁⟩ needs at least 2 qubits, got ${nQubits}`);
    const f =
      spec.loss === 'zz'
        ? (q: tf.Tensor2D) => tf.reshape(zExpectations(q, [[0, 1]]), [-1]) as tf.Tensor1D
        : spec.loss === 'cerezo-global'
          ? globalFidelityFromProbs
          : localFidelityFromProbs; // same formulas, read on U|0⟩
    return {
      spec,
      key,
      label,
      usesData: false,
      reads: 'model',
      ofDistributions: (m) => tf.tidy(() => f(m.probs)),
      readProbs: (circuit, theta, _data, engine) => engineProbs(circuit, theta, { engine }),
    };
  }
  const r = resolveLoss(spec, nQubits, where);
  return {
    spec,
    key,
    label,
    usesData: true,
    reads: r.reads,
    ofDistributions: r.ofDistributions,
    readProbs: (circuit, theta, data, engine) => r.readProbs(circuit, theta, data, { engine }),
  };
}
