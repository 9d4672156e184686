/**
 * What a scan adds to the ansatz registry (models/ansatzRegistry.ts, which names and builds the circuits): how θ is
 * drawn, the depth grid, and the seeds of random circuit instances. θ ([R]: uniform on [0, 2π) for every angle):
 *  - an entry with `theta: 'haar-euler'` (product-haar: an Euler rotation RZ(c)·RY(b)·RZ(a) per qubit) gets the Haar
 *    measure (a, c uniform, cos b uniform on [−1, 1]), so that every qubit gets a Haar-random unitary, as the closed
 *    form of the MMD variance assumes ([R] Eq. 235); uniform b would give E cos²b = 1/2 instead of 1/3;
 *  - random-gate entries (mcclean) draw their gates per point and instance;
 *  - depth "haar" (or ansatz "haar"): Haar-random states, "infinite depth". They have no parameters, so only loss
 *    statistics exist; their Born distribution is uniform on the simplex, drawn as normalised Exp(1) variates.
 */
import { Circuit } from '../../circuit/circuit';
import { ConfigError } from '../../errors';
import { LAYER_SYNTAX, resolveLayerCount } from '../../circuit/ansatz/depth';
import { ansatzFor, AnsatzNameFor, ansatzNames, buildCircuit } from '../../models/ansatzRegistry';
import { createRng, deriveSeed, Rng } from '../../rng';

export const ANSATZ_NAMES = ansatzNames('scan') as [AnsatzName, ...AnsatzName[]];
export type AnsatzName = AnsatzNameFor<'scan'>;

/** A depth: layers (integer or an expression in n, circuit/ansatz/depth.ts), or "haar" (infinite depth). */
export type Depth = number | string;

export const DEPTH_SYNTAX = `${LAYER_SYNTAX}, or "haar"`;

/** Layers at n for a depth (null for "haar"); throws on malformed input. */
export function resolveDepth(d: Depth, n: number, where = 'depths'): number | null {
  if (typeof d === 'string' && d.trim() === 'haar') return null;
  try {
    return resolveLayerCount(d, n, where);
  } catch {
    throw new ConfigError(`${where}: depth must be ${DEPTH_SYNTAX}, got ${typeof d === 'string' ? `"${d}"` : d}`);
  }
}

export interface ScanCircuit {
  /** null for Haar-random states. */
  circuit: Circuit | null;
  /** Rows of θ [draws, nParams], row-major, from `rng`. */
  sampleTheta(rng: Rng, draws: number): Float32Array;
}

const TWO_PI = 2 * Math.PI;

function uniformTheta(nParams: number) {
  return (rng: Rng, draws: number) => Float32Array.from({ length: draws * nParams }, () => TWO_PI * rng.uniform());
}

/**
 * The circuit of `ansatz` at n qubits and `layers` (null = Haar states). McClean circuits are random in their gate
 * choice too: `instance` k gets its own choice, seeded by (seed, n, layers, k).
 */
export function scanCircuit(
  ansatz: AnsatzName,
  n: number,
  layers: number | null,
  seed: number,
  instance = 0,
): ScanCircuit {
  const e = ansatzFor(ansatz, 'scan');
  if (layers === null || e.form === 'haar-states') return { circuit: null, sampleTheta: () => new Float32Array(0) };
  if (e.form === 'iqp')
    throw new ConfigError('ansatz: "iqp" scans draw IQP models (studies/scan/iqp.ts), not circuits of random θ');
  const gates = e.randomGates ? createRng(deriveSeed(seed, `${e.name}-gates`, n, layers, instance)) : undefined;
  const circuit = buildCircuit(e, n, { layers, gates });
  return {
    circuit,
    sampleTheta: e.theta === 'haar-euler' ? haarEulerTheta(circuit.nParams) : uniformTheta(circuit.nParams),
  };
}

/** Euler angles (a, b, c) per qubit with the Haar measure: a, c uniform on [0, 2π), cos b uniform on [−1, 1]. */
function haarEulerTheta(nParams: number) {
  return (rng: Rng, draws: number) => {
    const t = new Float32Array(draws * nParams);
    for (let i = 0; i < t.length; i += 3) {
      t[i] = TWO_PI * rng.uniform();
      t[i + 1] = Math.acos(1 - 2 * rng.uniform()); // Bloch z = cos b uniform on [−1, 1]
      t[i + 2] = TWO_PI * rng.uniform();
    }
    return t;
  };
}

/**
 * Born distributions of Haar-random n-qubit states number `from`..`to`−1, [(to − from) · 2^n] row-major (uniform on
 * the simplex). Each state has its own stream `rngOf(index)`, so a state does not depend on how draws are batched.
 */
export function haarProbs(n: number, from: number, to: number, rngOf: (index: number) => Rng): Float32Array {
  const dim = 2 ** n,
    out = new Float32Array((to - from) * dim),
    row = new Float64Array(dim);
  for (let b = from; b < to; b++) {
    const rng = rngOf(b);
    let s = 0;
    for (let x = 0; x < dim; x++) {
      let u = rng.uniform();
      while (u === 0) u = rng.uniform();
      s += row[x] = -Math.log(u); // |ψ_x|² of a complex Gaussian vector is Exp(1)
    }
    const o = (b - from) * dim;
    for (let x = 0; x < dim; x++) out[o + x] = row[x] / s;
  }
  return out;
}
