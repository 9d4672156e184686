/**
 * `plateau qbm [--nv 1] [--nh 0,1,2,3,4,5] [--draws 40] [--width 1] [--train-nv 2] [--train-nh 0,1,2] [--steps 100]
 *  [--lr 0.1] [--seeds 2] [--seed 1] [--backend auto] [--out runs/qbm]`: quantum Boltzmann machines ([O] §4.4).
 */
import { claimStudyDir } from '../src/outputDir';
import { checkRequest } from '../src/memory';
import { ConfigError } from '../src/errors';
import { studyCommand, runCli, numberOption as num, numberListOption } from '../src/cli';
import { QBM_DEFAULTS as D, QBM_MINIMUMS as M } from '../src/studies/qbm/spec';

const ints = (name: string, min: number) => numberListOption(name, min);

async function main(argv: string[]): Promise<void> {
  const o = studyCommand('qbm', { seed: { min: M.seed, default: D.seed }, out: 'runs/qbm' }, (c) =>
    c
      .option('--nv <n>', 'visible qubits of the gradient scan', num('nv', M.nVisible), D.nVisible)
      .option(
        '--nh <list>',
        'hidden-qubit counts of the gradient scan (n_v + n_h ≤ 10)',
        ints('nh', M.nHidden),
        D.nHidden,
      )
      .option('--draws <n>', 'random θ per n_h', num('draws', M.draws), D.draws)
      .option('--width <x>', 'θ uniform in [−width, width]', num('width', M.width, false), D.width)
      .option('--train-nv <n>', 'visible qubits of the training runs', num('train-nv', M.trainVisible), D.trainVisible)
      .option(
        '--train-nh <list>',
        'hidden-qubit counts of the training runs',
        ints('train-nh', M.trainHidden),
        D.trainHidden,
      )
      .option('--steps <n>', 'Adam steps', num('steps', M.steps), D.steps)
      .option('--lr <x>', 'Adam learning rate', num('lr', M.lr, false), D.lr)
      .option('--seeds <n>', 'training seeds', num('seeds', M.seeds), D.seeds),
  )
    .parse(argv, { from: 'user' })
    .opts<{
      backend: string;
      seed: number;
      nv: number;
      nh: number[];
      draws: number;
      width: number;
      trainNv: number;
      trainNh: number[];
      steps: number;
      lr: number;
      seeds: number;
      out: string;
      force?: boolean;
      quiet?: boolean;
    }>();
  const [{ initBackend }, { runQbmStudy }, { QBM_MAX_QUBITS }] = await Promise.all([
    import('../src/backend/backend'),
    import('../src/studies/qbm/report'),
    import('../src/models/qbm'),
  ]);
  // a QBM holds dense 2^n × 2^n Hamiltonians and their exponentials; its exact diagonalisation stops at 10 qubits
  for (const [flag, nv, nh] of [
    ['--nv/--nh', o.nv, Math.max(...o.nh)],
    ['--train-nv/--train-nh', o.trainNv, Math.max(...o.trainNh)],
  ] as const) {
    checkRequest(`${flag} ${nv}/${nh} (${nv + nh} qubits)`, { qubits: nv + nh, matrices: 4 });
    if (nv + nh > QBM_MAX_QUBITS)
      throw new ConfigError(
        `${flag}: n_v + n_h = ${nv + nh} qubits; the QBM study diagonalises 2^n × 2^n Hamiltonians exactly and goes up to ${QBM_MAX_QUBITS}`,
      );
  }
  checkRequest(`--draws ${o.draws}`, {
    values: 4 * o.draws * (o.nv + Math.max(...o.nh)) ** 2,
    samples: o.draws,
    sampleHeapBytes: 40,
  });
  claimStudyDir(o.out, 'qbm', o.force);
  const backend = await initBackend(o.backend);
  console.log(
    await runQbmStudy(
      {
        nVisible: o.nv,
        nHidden: o.nh,
        draws: o.draws,
        width: o.width,
        trainVisible: o.trainNv,
        trainHidden: o.trainNh,
        steps: o.steps,
        lr: o.lr,
        seeds: o.seeds,
        seed: o.seed,
      },
      o.out,
      backend,
      { quiet: o.quiet },
    ),
  );
}

runCli(() => main(process.argv.slice(2)));
