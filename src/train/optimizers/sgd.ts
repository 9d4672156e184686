/** Gradient descent with optional (heavy-ball) momentum: u ← μu + g, θ ← θ − lr·u. */
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { Objective, Optimizer, StepInfo, norm2, requireGrad } from '../objective';

const stateSchema = z.object({ u: z.array(z.number()) }).strict();

export class Sgd implements Optimizer {
  readonly name = 'sgd';
  private u: Float64Array;

  constructor(
    nParams: number,
    private readonly momentum = 0,
  ) {
    this.u = new Float64Array(nParams);
  }

  async step(theta: Float64Array, objective: Objective, lr: number): Promise<StepInfo> {
    const { value, grad } = await requireGrad(objective, 'sgd')(theta);
    for (let i = 0; i < theta.length; i++) {
      this.u[i] = this.momentum * this.u[i] + grad[i];
      theta[i] -= lr * this.u[i];
    }
    return { loss: value, gradNorm: norm2(grad), evaluations: 1 };
  }

  getState(): unknown {
    return { u: Array.from(this.u) };
  }

  setState(state: unknown): void {
    const s = stateSchema.safeParse(state);
    if (!s.success || s.data.u.length !== this.u.length)
      throw new ConfigError(`sgd: checkpoint state does not fit ${this.u.length} parameters`);
    this.u = Float64Array.from(s.data.u);
  }
}
