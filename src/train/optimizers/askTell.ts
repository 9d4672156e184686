/**
 * One interface for gradient-free optimisers: ask() proposes points, tell(values) receives their losses in the same
 * order. Points of one ask() can be evaluated together (rows of θ [B, P]: one batched simulation). Every optimiser
 * is seeded through src/rng.ts and has a JSON-serialisable state (getState/setState), so a checkpoint resumes the
 * exact sequence of proposals. Minimisation throughout.
 */
import { ConfigError } from '../../errors';

/** A JSON-serialisable snapshot; `kind` names the optimiser. */
export type OptimizerState = { kind: string } & Record<string, unknown>;

export interface AskTellOptimizer {
  readonly name: string;
  readonly dim: number;
  /** Points to evaluate next (copies; the caller may keep them). */
  ask(): Float64Array[];
  /** Losses of the points of the last ask(), same order. */
  tell(values: readonly number[]): void;
  /** Best point evaluated so far and its loss. */
  best(): { x: Float64Array; value: number };
  /** Loss evaluations so far. */
  readonly evaluations: number;
  getState(): OptimizerState;
  setState(state: OptimizerState): void;
}

export interface AskTellRun {
  best: { x: Float64Array; value: number };
  evaluations: number;
  /** Best loss after each tell. */
  history: number[];
}

/**
 * Runs ask/tell until `maxEvaluations` losses have been computed (the last batch may be cut short) or the best loss
 * is ≤ `target`. `f` evaluates a batch of points.
 */
export function runAskTell(
  opt: AskTellOptimizer,
  f: (xs: Float64Array[]) => number[],
  opts: { maxEvaluations: number; target?: number },
): AskTellRun {
  const history: number[] = [];
  while (opt.evaluations < opts.maxEvaluations) {
    const xs = opt.ask();
    const values = f(xs);
    if (values.length !== xs.length)
      throw new ConfigError(`runAskTell: ${xs.length} points asked, ${values.length} values returned`);
    opt.tell(values);
    history.push(opt.best().value);
    if (opts.target !== undefined && opt.best().value <= opts.target) break;
  }
  return { best: opt.best(), evaluations: opt.evaluations, history };
}

/** Tracks the best point seen; shared by the optimisers. */
export class BestTracker {
  x: Float64Array;
  value = Infinity;
  constructor(dim: number) {
    this.x = new Float64Array(dim);
  }
  offer(x: Float64Array, v: number): void {
    if (v < this.value) {
      this.value = v;
      this.x = Float64Array.from(x);
    }
  }
  get(): { x: Float64Array; value: number } {
    return { x: Float64Array.from(this.x), value: this.value };
  }
  toJSON(): { x: number[]; value: number | null } {
    return { x: Array.from(this.x), value: Number.isFinite(this.value) ? this.value : null };
  }
  load(s: { x: number[]; value: number | null }): void {
    this.x = Float64Array.from(s.x);
    this.value = s.value ?? Infinity;
  }
}

export function checkState(state: OptimizerState, kind: string, dim: number): void {
  if (state.kind !== kind || state.dim !== dim)
    throw new ConfigError(
      `setState: state is for ${state.kind} (dim ${state.dim}), this optimiser is ${kind} (dim ${dim})`,
    );
}

export function checkTell(name: string, expected: number, got: number): void {
  if (expected !== got)
    throw new ConfigError(`${name}.tell: expected ${expected} values (one per asked point), got ${got}`);
}
