/**
 * `plateau remedies [--nv 2] [--nh 6 | 2,4,6 | 2..6] [--layers 2] [--couplings 1] [--seeds 10] [--steps 30] [--pretrain-steps 30]
 *  [--lr 0.05] [--optimizer adam] [--shots exact] [--jitter 0.01] [--success-tvd 0.2] [--seed 1] [--backend auto] [--out runs/remedies]`:
 * random init vs identity blocks, limited entanglement and pretraining on one hidden-unit task ([O] §4.5).
 */
import { ConfigError } from '../src/errors';
import { claimStudyDir } from '../src/outputDir';
import { checkRequest } from '../src/memory';
import { studyCommand, runCli, numberOption as num, numberListOption, shotsOption } from '../src/cli';
import { REMEDY_DEFAULTS as D, REMEDY_MINIMUMS as M } from '../src/studies/remedies/spec';

async function main(argv: string[]): Promise<void> {
  const o = studyCommand('remedies', { seed: { min: M.seed, default: D.seed }, out: 'runs/remedies' }, (c) =>
    c
      .option('--nv <n>', 'visible qubits', num('nv', M.nVisible), D.nVisible)
      .option('--nh <list>', 'hidden-qubit counts (e.g. 6, or 2,4,6, or 2..6)', numberListOption('nh', M.nHidden), [
        ...D.nHidden,
      ])
      .option(
        '--layers <n>',
        'all-Pauli layers (identity blocks: ⌈layers/2⌉ blocks)',
        num('layers', M.layers),
        D.layers,
      )
      .option(
        '--couplings <n>',
        'visible–hidden pairs kept by the limited-entanglement ansatz',
        num('couplings', M.couplings),
        D.couplings,
      )
      .option('--seeds <n>', 'initialisations per remedy', num('seeds', M.seeds), D.seeds)
      .option('--steps <n>', 'Adam steps on the task', num('steps', M.steps), D.steps)
      .option(
        '--pretrain-steps <n>',
        'Adam steps of pretraining',
        num('pretrain-steps', M.pretrainSteps),
        D.pretrainSteps,
      )
      .option('--lr <x>', 'Adam learning rate', num('lr', M.lr, false), D.lr)
      .option(
        '--optimizer <name>',
        'adam or sgd (plain gradient descent)',
        (v) => {
          if (v !== 'adam' && v !== 'sgd') throw new ConfigError(`--optimizer: expected adam or sgd, got "${v}"`);
          return v;
        },
        D.optimizer,
      )
      .option(
        '--shots <n>',
        'shots per loss/gradient evaluation in the task phase: exact (default) or N',
        shotsOption(),
      )
      .option(
        '--jitter <x>',
        'normal jitter on the mirrored half of identity blocks',
        num('jitter', M.jitter, false),
        D.jitter,
      )
      .option(
        '--success-tvd <x>',
        'success threshold on Σ|p−q|',
        num('success-tvd', M.successTvd, false),
        D.successTvd,
      ),
  )
    .parse(argv, { from: 'user' })
    .opts<{
      backend: string;
      seed: number;
      nv: number;
      nh: number[];
      layers: number;
      couplings: number;
      seeds: number;
      steps: number;
      pretrainSteps: number;
      lr: number;
      shots?: number;
      jitter: number;
      successTvd: number;
      optimizer: 'adam' | 'sgd';
      out: string;
      force?: boolean;
      quiet?: boolean;
    }>();
  const nh = Math.max(...o.nh),
    n = o.nv + nh,
    gates = (o.layers + 1) * 4 * n;
  checkRequest(`--nv ${o.nv} --nh ${nh} (${n} qubits), --layers ${o.layers}`, { qubits: n, gates, values: 16 * gates });
  if (o.shots) checkRequest(`--shots ${o.shots}`, { qubits: n, samples: o.shots });
  claimStudyDir(o.out, 'remedies', o.force);
  const [{ initBackend }, { runRemediesStudy }] = await Promise.all([
    import('../src/backend/backend'),
    import('../src/studies/remedies/report'),
  ]);
  const backend = await initBackend(o.backend);
  console.log(
    await runRemediesStudy(
      {
        nVisible: o.nv,
        nHidden: o.nh,
        layers: o.layers,
        couplings: o.couplings,
        seeds: o.seeds,
        steps: o.steps,
        pretrainSteps: o.pretrainSteps,
        lr: o.lr,
        shots: o.shots ?? 0,
        jitter: o.jitter,
        successTvd: o.successTvd,
        seed: o.seed,
        optimizer: o.optimizer,
      },
      o.out,
      backend,
      { quiet: o.quiet },
    ),
  );
}

runCli(() => main(process.argv.slice(2)));
