/**
 * `npm run remedies -- [--nv 2] [--nh 6] [--layers 2] [--couplings 1] [--seeds 10] [--steps 30] [--pretrain-steps 30]
 *  [--lr 0.05] [--optimizer adam] [--shots 0] [--jitter 0.01] [--success-tvd 0.2] [--seed 1] [--backend auto] [--out runs/remedies]`:
 * random init vs identity blocks, limited entanglement and pretraining on one hidden-unit task ([O] §4.5).
 */
import { initBackend } from '../src/backend/backend';
import { ConfigError } from '../src/errors';
import { runRemediesStudy } from '../src/studies/remediesReport';
import { claimStudyDir } from '../src/outputDir';
import { checkRequest } from '../src/memory';
import { cliCommand, BACKEND_HELP, runCli, numberOption as num } from '../src/cli';


async function main(argv: string[]): Promise<void> {
  const o = cliCommand('remedies')
    .option('--backend <name>', BACKEND_HELP, process.env.PLATEAU_BACKEND || 'auto')
    .option('--seed <n>', 'master seed', num('seed', 0), 1)
    .option('--nv <n>', 'visible qubits', num('nv', 1), 2)
    .option('--nh <n>', 'hidden qubits', num('nh', 1), 6)
    .option('--layers <n>', 'all-Pauli layers (identity blocks: ⌈layers/2⌉ blocks)', num('layers', 1), 2)
    .option('--couplings <n>', 'visible–hidden pairs kept by the limited-entanglement ansatz', num('couplings', 0), 1)
    .option('--seeds <n>', 'initialisations per remedy', num('seeds', 1), 10)
    .option('--steps <n>', 'Adam steps on the task', num('steps', 1), 30)
    .option('--pretrain-steps <n>', 'Adam steps of pretraining', num('pretrain-steps', 0), 30)
    .option('--lr <x>', 'Adam learning rate', num('lr', 0, false), 0.05)
    .option('--optimizer <name>', 'adam or sgd (plain gradient descent)', (v) => {
      if (v !== 'adam' && v !== 'sgd') throw new ConfigError(`--optimizer: expected adam or sgd, got "${v}"`);
      return v;
    }, 'adam')
    .option('--shots <n>', 'shots per loss/gradient evaluation in the task phase (0 = exact)', num('shots', 0), 0)
    .option('--jitter <x>', 'normal jitter on the mirrored half of identity blocks', num('jitter', 0, false), 0.01)
    .option('--success-tvd <x>', 'success threshold on Σ|p−q|', num('success-tvd', 0, false), 0.2)
    .option('--out <dir>', 'output folder', 'runs/remedies')
    .option('--force', 'move a non-empty --out folder of something else aside (never deleted)')
    .parse(argv, { from: 'user' })
    .opts<{ backend: string; seed: number; nv: number; nh: number; layers: number; couplings: number; seeds: number; steps: number; pretrainSteps: number; lr: number; shots: number; jitter: number; successTvd: number; optimizer: 'adam' | 'sgd'; out: string; force?: boolean }>();
  const n = o.nv + o.nh, gates = (o.layers + 1) * 4 * n;
  checkRequest(`--nv ${o.nv} --nh ${o.nh} (${n} qubits), --layers ${o.layers}`, { qubits: n, gates, values: 16 * gates });
  checkRequest(`--shots ${o.shots}`, { qubits: n, samples: o.shots });
  claimStudyDir(o.out, 'remedies', o.force);
  const backend = await initBackend(o.backend);
  console.log(await runRemediesStudy({ nVisible: o.nv, nHidden: o.nh, layers: o.layers, couplings: o.couplings, seeds: o.seeds, steps: o.steps, pretrainSteps: o.pretrainSteps, lr: o.lr, shots: o.shots, jitter: o.jitter, successTvd: o.successTvd, seed: o.seed, optimizer: o.optimizer }, o.out, backend));
}

runCli(() => main(process.argv.slice(2)));
