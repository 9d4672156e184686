/**
 * `npm run train -- --config FILE | --preset NAME | --resume RUN_DIR [--set key.path=value …]`; `npm start` runs the
 * `start` preset. Trains, checkpoints, and writes a run folder (metrics.jsonl, plots, summary.md); see src/train.
 */
import { runSession } from '../src/train/session';
import { cliCommand, BACKEND_HELP, runCli, numberOption } from '../src/cli';
import { exitCodeOf } from '../src/signals';

async function main(argv: string[]): Promise<number> {
  const o = cliCommand('train')
    .option('--config <file>', 'run config (JSON)')
    .option('--preset <name>', 'a config from models/ (e.g. start, hep-n9, bas-3x3)')
    .option('--resume <runDir>', 'continue an interrupted run from its last checkpoint')
    .option('--set <key=value>', 'override any config key by its dotted path (repeatable)', (v, acc: string[]) => [...acc, v], [])
    .option('--steps <n>', 'shortcut for --set steps=N', numberOption('steps', 1))
    .option('--seed <n>', 'shortcut for --set seed=N', numberOption('seed', 0))
    .option('--shots <n>', 'shortcut for --set shots=N ("null" for exact)', (v) => (v === 'null' || v === 'exact' ? null : numberOption('shots', 1)(v)))
    .option('--loss <spec>', 'shortcut for --set loss=SPEC (a name or JSON)')
    .option('--engine <name>', 'shortcut for --set engine=NAME (auto, cpu, tensor, cuda)')
    .option('--backend <name>', BACKEND_HELP)
    .option('--out <dir>', 'run folder (default runs/<name>)')
    .option('--save-model <name>', 'also save the trained model to models/<name>/')
    .option('--force', 'move a non-empty --out folder aside (never deleted); replace an existing --save-model')
    .option('--quiet', 'no progress output')
    .parse(argv, { from: 'user' })
    .opts();
  const shortcuts = (['steps', 'seed', 'shots', 'loss', 'engine'] as const).filter((k) => o[k] !== undefined).map((k) => `${k}=${o[k]}`);
  const { result, table, runDir, backend, signal } = await runSession({ ...o, set: [...shortcuts, ...o.set] });
  console.log(`backend ${backend.backend} (${backend.device})\n\n${table}\n\nrun folder: ${runDir} (summary.md, metrics.jsonl, training-curve.png, model-vs-data.png)`);
  if (result.status === 'interrupted') console.log(`interrupted at step ${result.step}; continue with: npm run train -- --resume ${runDir}`);
  return result.status === 'interrupted' ? exitCodeOf(signal ?? 'SIGINT') : 0;
}

runCli(() => main(process.argv.slice(2)));
