/**
 * Gradient-free ask/tell optimisers (SPSA, Nelder–Mead, CMA-ES) behind the trainer's step interface: one step = one
 * ask, its points evaluated as one batch (rows of θ), one tell; θ becomes the best point so far. The inner optimiser is
 * created lazily from the θ of the first step, so a resumed run rebuilds it from θ and then restores its state.
 */
import { Objective, Optimizer, StepInfo } from '../objective';
import { AskTellOptimizer, OptimizerState } from './askTell';

export class AskTellAdapter implements Optimizer {
  private inner: AskTellOptimizer | null = null;
  private pending: OptimizerState | null = null;

  constructor(
    readonly name: string,
    private readonly make: (x0: Float64Array) => AskTellOptimizer,
  ) {}

  async step(theta: Float64Array, objective: Objective, _lr: number): Promise<StepInfo> {
    if (!this.inner) {
      this.inner = this.make(theta);
      if (this.pending) this.inner.setState(this.pending);
      this.pending = null;
    }
    const xs = this.inner.ask();
    const values = objective.valueBatch
      ? await objective.valueBatch(xs)
      : await Promise.all(xs.map((x) => objective.value(x)));
    this.inner.tell(values);
    const best = this.inner.best();
    theta.set(best.x);
    return { loss: best.value, evaluations: xs.length };
  }

  getState(): unknown {
    return this.inner ? this.inner.getState() : this.pending;
  }

  setState(state: unknown): void {
    if (this.inner) this.inner.setState(state as OptimizerState);
    else this.pending = state as OptimizerState;
  }
}
