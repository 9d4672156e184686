/**
 * The circuits a scan draws random parameters for, and how θ is drawn ([R]: uniform on [0, 2π) for every angle):
 *  - product: one RY per qubit ([R]'s product ansatz); product-haar: an Euler rotation RZ(c)·RY(b)·RZ(a) per qubit with
 *    the Haar measure (a, c uniform, cos b uniform on [−1, 1]), so that every qubit gets a Haar-random unitary, as
 *    the closed form of the MMD variance assumes ([R] Eq. 235); uniform b would give E cos²b = 1/2 instead of 1/3;
 *  - hep (their Eq. 53), hea-line / hea-ring (RY·RZ layers and CX on a line or ring), mcclean (gates seeded per point);
 *  - fermion-line: RZ on every qubit and RXX on neighbours per layer (a free-fermion circuit: its DLA is so(2n));
 *  - depth "haar" (or ansatz "haar"): Haar-random states, "infinite depth". They have no parameters, so only loss
 *    statistics exist; their Born distribution is uniform on the simplex, drawn as normalised Exp(1) variates.
 */
import { Circuit } from '../../circuit/circuit';
import { hardwareEfficientAnsatz } from '../../circuit/ansatz/hardwareEfficient';
import { freeFermionAnsatz } from '../../circuit/ansatz/freeFermion';
import { hepAnsatz } from '../../circuit/ansatz/hep';
import { mcCleanAnsatz } from '../../circuit/ansatz/mcclean';
import { productAnsatz } from '../../circuit/ansatz/product';
import { ConfigError } from '../../errors';
import { LAYER_SYNTAX, resolveLayerCount } from '../../circuit/ansatz/depth';
import { createRng, deriveSeed, Rng } from '../../rng';

export const ANSATZ_NAMES = ['product', 'product-haar', 'hep', 'hea-line', 'hea-ring', 'mcclean', 'fermion-line', 'haar', 'iqp'] as const;
export type AnsatzName = (typeof ANSATZ_NAMES)[number];

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
export function scanCircuit(ansatz: AnsatzName, n: number, layers: number | null, seed: number, instance = 0): ScanCircuit {
  if (layers === null || ansatz === 'haar') return { circuit: null, sampleTheta: () => new Float32Array(0) };
  let circuit: Circuit;
  switch (ansatz) {
    case 'product':
      circuit = productAnsatz(n);
      break;
    case 'product-haar': {
      circuit = hardwareEfficientAnsatz({ nQubits: n, layers: 0, rotations: ['euler'] });
      const P = circuit.nParams;
      return {
        circuit: { ...circuit, name: `product-haar-n${n}` },
        sampleTheta: (rng, draws) => {
          const t = new Float32Array(draws * P);
          for (let i = 0; i < t.length; i += 3) {
            t[i] = TWO_PI * rng.uniform();
            t[i + 1] = Math.acos(1 - 2 * rng.uniform()); // Bloch z = cos b uniform on [−1, 1]
            t[i + 2] = TWO_PI * rng.uniform();
          }
          return t;
        },
      };
    }
    case 'hep':
      circuit = hepAnsatz(n, layers);
      break;
    case 'hea-line':
    case 'hea-ring':
      circuit = hardwareEfficientAnsatz({ nQubits: n, layers, topology: ansatz === 'hea-line' ? 'line' : 'ring' });
      break;
    case 'mcclean':
      circuit = mcCleanAnsatz(n, layers, createRng(deriveSeed(seed, 'mcclean-gates', n, layers, instance)));
      break;
    case 'fermion-line':
      circuit = freeFermionAnsatz(n, layers);
      break;
    default:
      throw new ConfigError(`ansatz: unknown "${ansatz}" (known: ${ANSATZ_NAMES.join(', ')})`);
  }
  return { circuit, sampleTheta: uniformTheta(circuit.nParams) };
}

/**
 * Born distributions of Haar-random n-qubit states number `from`..`to`−1, [(to − from) · 2^n] row-major (uniform on
 * the simplex). Each state has its own stream `rngOf(index)`, so a state does not depend on how draws are batched.
 */
export function haarProbs(n: number, from: number, to: number, rngOf: (index: number) => Rng): Float32Array {
  const dim = 2 ** n, out = new Float32Array((to - from) * dim), row = new Float64Array(dim);
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
