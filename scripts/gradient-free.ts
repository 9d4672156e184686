/**
 * `plateau gradient-free [--nv 2] [--nh 7 | 3,5,7 | 3..7] [--layers 1] [--seeds 6] [--evaluations 1500] [--adam-steps 150]
 *  [--lr 0.05] [--shots exact] [--success-tvd 0.2] [--optimizers adam,spsa,nelder-mead,cma-es] [--seed 1]
 *  [--backend auto] [--out runs/gradient-free]`: Adam vs SPSA, Nelder–Mead, CMA-ES on plateaued and non-plateaued
 * hidden-unit models ([O] §4.3).
 */
import { ConfigError } from '../src/errors';
import type { OptimizerName } from '../src/studies/gradientFree/compute';
import { claimStudyDir } from '../src/outputDir';
import { checkRequest } from '../src/memory';
import { cliCommand, BACKEND_HELP, runCli, numberOption as num, numberListOption, shotsOption } from '../src/cli';
import { executionPolicy } from '../src/execution';

const names = (known: readonly string[], list: string[]) => list.map((s) => {
  if (!known.includes(s)) throw new ConfigError(`--optimizers: unknown "${s}" (known: ${known.join(', ')})`);
  return s as OptimizerName;
});

async function main(argv: string[]): Promise<void> {
  const o = cliCommand('gradient-free')
    .option('--backend <name>', BACKEND_HELP, executionPolicy().backend)
    .option('--seed <n>', 'master seed', num('seed', 0), 1)
    .option('--nv <n>', 'visible qubits', num('nv', 1), 2)
    .option('--nh <list>', 'hidden-qubit counts of the plateaued models (e.g. 7, or 3,5,7, or 3..7)', numberListOption('nh', 1), [7])
    .option('--layers <n>', 'all-Pauli layers', num('layers', 1), 1)
    .option('--seeds <n>', 'initialisations per cell', num('seeds', 1), 6)
    .option('--evaluations <n>', 'loss evaluations per gradient-free run', num('evaluations', 10), 1500)
    .option('--adam-steps <n>', 'Adam steps', num('adam-steps', 1), 150)
    .option('--lr <x>', 'Adam learning rate', num('lr', 0, false), 0.05)
    .option('--shots <n>', 'shots per loss evaluation: exact (default) or N', shotsOption())
    .option('--success-tvd <x>', 'success threshold on Σ|p−q|', num('success-tvd', 0, false), 0.2)
    .option('--optimizers <list>', 'comma-separated (default adam,spsa,nelder-mead,cma-es)', (v) => v.split(','))
    .option('--out <dir>', 'output folder', 'runs/gradient-free')
    .option('--force', 'move a non-empty --out folder of something else aside (never deleted)')
    .option('--quiet', 'no progress on stderr')
    .parse(argv, { from: 'user' })
    .opts<{ backend: string; seed: number; nv: number; nh: number[]; layers: number; seeds: number; evaluations: number; adamSteps: number; lr: number; shots?: number; successTvd: number; optimizers?: string[]; out: string; force?: boolean; quiet?: boolean }>();
  const nh = Math.max(...o.nh), n = o.nv + nh, gates = (o.layers + 1) * 4 * n;
  checkRequest(`--nv ${o.nv} --nh ${nh} (${n} qubits), --layers ${o.layers}`, { qubits: n, gates, values: 16 * gates });
  if (o.shots) checkRequest(`--shots ${o.shots}`, { qubits: n, samples: o.shots });
  const [{ initBackend }, { runGradientFreeStudy }, { OPTIMIZER_NAMES }] = await Promise.all([import('../src/backend/backend'), import('../src/studies/gradientFree/report'), import('../src/studies/gradientFree/compute')]);
  const optimizers = o.optimizers ? names(OPTIMIZER_NAMES, o.optimizers) : [...OPTIMIZER_NAMES];
  claimStudyDir(o.out, 'gradient-free', o.force);
  const backend = await initBackend(o.backend);
  console.log(await runGradientFreeStudy({ nVisible: o.nv, nHidden: o.nh, layers: o.layers, seeds: o.seeds, evaluations: o.evaluations, adamSteps: o.adamSteps, lr: o.lr, shots: o.shots ?? 0, successTvd: o.successTvd, seed: o.seed, optimizers }, o.out, backend, { quiet: o.quiet }));
}

runCli(() => main(process.argv.slice(2)));
