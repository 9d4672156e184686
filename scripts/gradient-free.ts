/**
 * `plateau gradient-free [--nv 2] [--nh 7 | 3,5,7 | 3..7] [--layers 1] [--seeds 6] [--evaluations 1500] [--adam-steps 150]
 *  [--lr 0.05] [--shots exact] [--success-tvd 0.2] [--optimizers adam,spsa,nelder-mead,cma-es] [--seed 1]
 *  [--backend auto] [--out runs/gradient-free]`: Adam vs SPSA, Nelder–Mead, CMA-ES on plateaued and non-plateaued
 * hidden-unit models ([O] §4.3).
 */
import { claimStudyDir } from '../src/outputDir';
import { checkRequest } from '../src/memory';
import { studyCommand, runCli, numberOption as num, numberListOption, shotsOption } from '../src/cli';
import {
  GRADIENT_FREE_DEFAULTS as D,
  GRADIENT_FREE_MINIMUMS as M,
  parseOptimizers,
} from '../src/studies/gradientFree/spec';

async function main(argv: string[]): Promise<void> {
  const o = studyCommand('gradient-free', { seed: { min: M.seed, default: D.seed }, out: 'runs/gradient-free' }, (c) =>
    c
      .option('--nv <n>', 'visible qubits', num('nv', M.nVisible), D.nVisible)
      .option(
        '--nh <list>',
        'hidden-qubit counts of the plateaued models (e.g. 7, or 3,5,7, or 3..7)',
        numberListOption('nh', M.nHidden),
        D.nHidden,
      )
      .option('--layers <n>', 'all-Pauli layers', num('layers', M.layers), D.layers)
      .option('--seeds <n>', 'initialisations per cell', num('seeds', M.seeds), D.seeds)
      .option(
        '--evaluations <n>',
        'loss evaluations per gradient-free run',
        num('evaluations', M.evaluations),
        D.evaluations,
      )
      .option('--adam-steps <n>', 'Adam steps', num('adam-steps', M.adamSteps), D.adamSteps)
      .option('--lr <x>', 'Adam learning rate', num('lr', M.lr, false), D.lr)
      .option('--shots <n>', 'shots per loss evaluation: exact (default) or N', shotsOption())
      .option('--success-tvd <x>', 'success threshold on Σ|p−q|', num('success-tvd', M.successTvd, false), D.successTvd)
      .option('--optimizers <list>', 'comma-separated (default adam,spsa,nelder-mead,cma-es)', (v) => v.split(',')),
  )
    .parse(argv, { from: 'user' })
    .opts<{
      backend: string;
      seed: number;
      nv: number;
      nh: number[];
      layers: number;
      seeds: number;
      evaluations: number;
      adamSteps: number;
      lr: number;
      shots?: number;
      successTvd: number;
      optimizers?: string[];
      out: string;
      force?: boolean;
      quiet?: boolean;
    }>();
  const nh = Math.max(...o.nh),
    n = o.nv + nh,
    gates = (o.layers + 1) * 4 * n;
  checkRequest(`--nv ${o.nv} --nh ${nh} (${n} qubits), --layers ${o.layers}`, { qubits: n, gates, values: 16 * gates });
  if (o.shots) checkRequest(`--shots ${o.shots}`, { qubits: n, samples: o.shots });
  const optimizers = o.optimizers ? parseOptimizers(o.optimizers) : D.optimizers;
  const [{ initBackend }, { runGradientFreeStudy }] = await Promise.all([
    import('../src/backend/backend'),
    import('../src/studies/gradientFree/report'),
  ]);
  claimStudyDir(o.out, 'gradient-free', o.force);
  const backend = await initBackend(o.backend);
  console.log(
    await runGradientFreeStudy(
      {
        nVisible: o.nv,
        nHidden: o.nh,
        layers: o.layers,
        seeds: o.seeds,
        evaluations: o.evaluations,
        adamSteps: o.adamSteps,
        lr: o.lr,
        shots: o.shots ?? 0,
        successTvd: o.successTvd,
        seed: o.seed,
        optimizers,
      },
      o.out,
      backend,
      { quiet: o.quiet },
    ),
  );
}

runCli(() => main(process.argv.slice(2)));
