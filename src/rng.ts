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

/** A seed derived deterministically from a master seed and labels (e.g. shard index, qubit count). */
export function deriveSeed(master: number | string, ...labels: (string | number)[]): number {
  return seedrandom.alea([String(master), ...labels.map(String)].join('/')).int32() >>> 0;
}
