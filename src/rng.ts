/**
 * The one source of randomness in plateau: a seeded, serialisable stream (seedrandom's `alea`). Every random choice
 * (initial parameters, shots, dataset generation, random circuits) takes an `Rng`; nothing in src/ calls Math.random.
 * `state()`/`createRng(seed, state)` let checkpoints resume the exact stream.
 */
import seedrandom from 'seedrandom';

export type RngState = seedrandom.State.Alea;

export interface Rng {
  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** A 32-bit seed for tfjs `tf.random*` calls, drawn from this stream. */
  seed32(): number;
  /** The stream's state, for checkpoints. */
  state(): RngState;
}

export function createRng(seed: number | string, state?: RngState): Rng {
  const prng = seedrandom.alea(String(seed), { state: state ?? true });
  return {
    uniform: () => prng.double(),
    // Box–Muller with both uniforms consumed per call and no cached spare, so `state()` captures the stream exactly.
    normal() {
      let u = 0;
      while (u === 0) u = prng.double();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * prng.double());
    },
    int: (n) => Math.floor(prng.double() * n),
    seed32: () => prng.int32() >>> 0,
    state: () => prng.state(),
  };
}

/**
 * True for a state `createRng` can resume: alea's three fractions in [0, 1) and its integer carry in [0, 2091639]
 * (t = 2091639·s0 + c·2^−32 < 2091640, c = ⌊t⌋). A checkpoint with anything else is refused, not resumed.
 */
export function isRngState(x: unknown): x is RngState {
  const s = x as Record<string, unknown> | null;
  const frac = (v: unknown) => typeof v === 'number' && v >= 0 && v < 1;
  return (
    typeof s === 'object' &&
    s !== null &&
    Object.keys(s).sort().join() === 'c,s0,s1,s2' &&
    frac(s.s0) &&
    frac(s.s1) &&
    frac(s.s2) &&
    Number.isInteger(s.c) &&
    (s.c as number) >= 0 &&
    (s.c as number) <= 2091639
  );
}

/** A seed derived deterministically from a master seed and labels (e.g. shard index, qubit count). */
export function deriveSeed(master: number | string, ...labels: (string | number)[]): number {
  return seedrandom.alea([String(master), ...labels.map(String)].join('/')).int32() >>> 0;
}
