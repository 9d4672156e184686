/**
 * What optimisers see: a function of a flat parameter vector θ (Float64Array, the rows of the trained model
 * flattened), with its gradient when the method provides one. The trainer builds it from circuit, loss, data and
 * gradient method; optimisers never touch tensors, so their state is plain numbers and checkpoints are exact.
 * Evaluations are async because reading a tensor back is async on GPU backends (webgpu has no dataSync in Node).
 */
export interface Objective {
  /** Loss at θ. */
  value(theta: Float64Array): Promise<number>;
  /** Loss and ∂loss/∂θ at θ (autodiff or parameter shift); absent for gradient-free training. */
  valueAndGrad?(theta: Float64Array): Promise<{ value: number; grad: Float64Array }>;
  /** Losses of several points in one batched evaluation (rows of θ); optional speed-up of `value`. */
  valueBatch?(thetas: Float64Array[]): Promise<number[]>;
}

export interface StepInfo {
  /** Loss at θ before the update (the value the step was computed from). */
  loss: number;
  /** ‖∇‖₂ at θ before the update, when the method computed a gradient. */
  gradNorm?: number;
  /** Objective evaluations spent in this step (gradient evaluations count once). */
  evaluations: number;
}

export interface Optimizer {
  readonly name: string;
  /** One update of θ in place, with learning rate (or step size) `lr` from the schedule. */
  step(theta: Float64Array, objective: Objective, lr: number): Promise<StepInfo>;
  /** JSON-able state for checkpoints; setState(getState()) restores the exact trajectory. */
  getState(): unknown;
  setState(state: unknown): void;
}

/** What is wrong after a step (a non-finite loss, gradient norm or θ), or null: the check train() and trainInMemory share. */
export function stepFault(info: StepInfo, theta: ArrayLike<number>): string | null {
  if (!Number.isFinite(info.loss)) return `loss is ${info.loss}`;
  if (
    (info.gradNorm !== undefined && !Number.isFinite(info.gradNorm)) ||
    !Array.prototype.every.call(theta, Number.isFinite)
  )
    return 'gradient or parameters are not finite';
  return null;
}

export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

export function requireGrad(objective: Objective, who: string): NonNullable<Objective['valueAndGrad']> {
  if (!objective.valueAndGrad) throw new Error(`${who} needs gradients, but the objective provides none`);
  return objective.valueAndGrad.bind(objective);
}
