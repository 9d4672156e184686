/**
 * `npm run gradient-free -- [--nv 2] [--nh 7] [--layers 1] [--seeds 6] [--evaluations 1500] [--adam-steps 150]
 *  [--lr 0.05] [--shots 0] [--success-tvd 0.2] [--optimizers adam,spsa,nelder-mead,cma-es] [--seed 1]
 *  [--backend auto] [--out runs/gradient-free]`: Adam vs SPSA, Nelder–Mead, CMA-ES on plateaued and non-plateaued
 * hidden-unit models ([O] §4.3).
 */
import { initBackend } from '../src/backend/backend';
import { ConfigError } from '../src/errors';
import { OPTIMIZER_NAMES, OptimizerName } from '../src/studies/gradientFree';
import { runGradientFreeStudy } from '../src/studies/gradientFreeReport';
import { claimStudyDir } from '../src/outputDir';
import { checkRequest } from '../src/memory';
import { cliCommand, BACKEND_HELP, runCli, numberOption as num } from '../src/cli';

const names = (v: string) => v.split(',').map((s) => {
  if (!(OPTIMIZER_NAMES as readonly string[]).includes(s)) throw new ConfigError(`--optimizers: unknown "${s}" (known: ${OPTIMIZER_NAMES.join(', ')})`);
  return s as OptimizerName;
});

async function main(argv: string[]): Promise<void> {
  const o = cliCommand('gradient-free')
    .option('--backend <name>', BACKEND_HELP, process.env.PLATEAU_BACKEND || 'auto')
    .option('--seed <n>', 'master seed', num('seed', 0), 1)
    .option('--nv <n>', 'visible qubits', num('nv', 1), 2)
    .option('--nh <n>', 'hidden qubits of the plateaued model', num('nh', 1), 7)
    .option('--layers <n>', 'all-Pauli layers', num('layers', 1), 1)
    .option('--seeds <n>', 'initialisations per cell', num('seeds', 1), 6)
    .option('--evaluations <n>', 'loss evaluations per gradient-free run', num('evaluations', 10), 1500)
    .option('--adam-steps <n>', 'Adam steps', num('adam-steps', 1), 150)
    .option('--lr <x>', 'Adam learning rate', num('lr', 0, false), 0.05)
    .option('--shots <n>', 'shots per loss evaluation (0 = exact)', num('shots', 0), 0)
    .option('--success-tvd <x>', 'success threshold on Σ|p−q|', num('success-tvd', 0, false), 0.2)
    .option('--optimizers <list>', 'comma-separated', names, [...OPTIMIZER_NAMES])
    .option('--out <dir>', 'output folder', 'runs/gradient-free')
    .option('--force', 'move a non-empty --out folder of something else aside (never deleted)')
    .parse(argv, { from: 'user' })
    .opts<{ backend: string; seed: number; nv: number; nh: number; layers: number; seeds: number; evaluations: number; adamSteps: number; lr: number; shots: number; successTvd: number; optimizers: OptimizerName[]; out: string; force?: boolean }>();
  const n = o.nv + o.nh, gates = (o.layers + 1) * 4 * n;
  checkRequest(`--nv ${o.nv} --nh ${o.nh} (${n} qubits), --layers ${o.layers}`, { qubits: n, gates, values: 16 * gates });
  checkRequest(`--shots ${o.shots}`, { qubits: n, samples: o.shots });
  claimStudyDir(o.out, 'gradient-free', o.force);
  const backend = await initBackend(o.backend);
  console.log(await runGradientFreeStudy({ nVisible: o.nv, nHidden: o.nh, layers: o.layers, seeds: o.seeds, evaluations: o.evaluations, adamSteps: o.adamSteps, lr: o.lr, shots: o.shots, successTvd: o.successTvd, seed: o.seed, optimizers: o.optimizers }, o.out, backend));
}

runCli(() => main(process.argv.slice(2)));
