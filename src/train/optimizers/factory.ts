/** The optimiser a config names, for a model with `nParams` parameters (seeded when it draws random numbers). */
import { OptimizerSpec } from '../../config/train';
import { Optimizer } from '../objective';
import { Adam } from './adam';
import { AskTellAdapter } from './askTellAdapter';
import { CmaEs } from './cmaes';
import { Lbfgs } from './lbfgs';
import { NelderMead } from './nelderMead';
import { Sgd } from './sgd';
import { Spsa } from './spsa';

/** The object without its undefined entries, so optimiser defaults are not overwritten by absent options. */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function createOptimizer(spec: OptimizerSpec, nParams: number, seed: number | string): Optimizer {
  switch (spec.name) {
    case 'adam':
      return new Adam(nParams, defined({ beta1: spec.beta1, beta2: spec.beta2, epsilon: spec.epsilon }));
    case 'sgd':
      return new Sgd(nParams, spec.momentum ?? 0);
    case 'lbfgs':
      return new Lbfgs(nParams, spec.memory ?? 10);
    case 'spsa':
      return new AskTellAdapter('spsa', (x0) => new Spsa(x0, defined({ a: spec.a, c: spec.c, seed: `spsa/${seed}` })));
    case 'nelder-mead':
      return new AskTellAdapter('nelder-mead', (x0) => new NelderMead(x0, defined({ step: spec.step })));
    case 'cma-es':
      return new AskTellAdapter(
        'cma-es',
        (x0) => new CmaEs(x0, defined({ sigma: spec.sigma0, popSize: spec.popSize, seed: `cma-es/${seed}` })),
      );
  }
}
