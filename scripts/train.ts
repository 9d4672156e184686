/**
 * `npm run train -- --config FILE | --preset NAME | --resume RUN_DIR [--set key.path=value …]`; `npm start` runs the
 * `start` preset. Trains, checkpoints, and writes a run folder (metrics.jsonl, plots, summary.md); see src/train.
 */
import { cliCommand, BACKEND_HELP, runCli } from '../src/cli';
import { exitCodeOf } from '../src/signals';

async function main(argv: string[]): Promise<number> {
  const o = cliCommand('train')
    .option('--config <file>', 'run config (JSON)')
    .option('--preset <name>', 'a config from models/ (e.g. start, hep-n9, bas-3x3)')
    .option('--resume <runDir>', 'continue an interrupted run from its last checkpoint')
    .option(
      '--set <key=value>',
      'override any config key by its dotted path (repeatable)',
      (v, acc: string[]) => [...acc, v],
      [],
    )
    .option('--steps <n>', 'shortcut for --set steps=N')
    .option('--seed <n>', 'shortcut for --set seed=N')
    .option(
      '--shots <n>',
      'shots per circuit: exact, or N (then gradients are parameter shifts from N shots each, as [R] trained)',
    )
    .option(
      '--loss <spec>',
      'the loss: kl, kl(1e-6), tvd, lqf, qf, mmd(n/4), mmd(0.01;n/4;n), … or JSON (as in scan and the configs)',
    )
    .option('--engine <name>', 'shortcut for --set engine=NAME (auto, cpu, tensor, cuda)')
    .option('--backend <name>', BACKEND_HELP)
    .option('--out <dir>', 'run folder (default runs/<name>)')
    .option(
      '--save-model <name>',
      'also save the trained model as models/<name>/model.json (then: plateau sample --model <name>)',
    )
    .option('--force', 'move a non-empty --out folder aside (never deleted); replace an existing --save-model')
    .option('--quiet', 'no progress output')
    .parse(argv, { from: 'user' })
    .opts();
  const { runSession, SHORTCUT_KEYS } = await import('../src/train/session'); // after parsing: --help and bad flags need no tfjs
  const shortcuts = Object.fromEntries(SHORTCUT_KEYS.filter((k) => o[k] !== undefined).map((k) => [k, String(o[k])]));
  const { result, table, runDir, backend, signal, savedModel } = await runSession({
    ...o,
    set: o.set as string[],
    shortcuts,
  });
  console.log(
    `backend ${backend.backend} (${backend.device})\n\n${table}\n\nrun folder: ${runDir} (summary.md, metrics.jsonl, training-curve.png, model-vs-data.png)`,
  );
  if (savedModel)
    console.log(`saved the model to ${savedModel}; draw from it with: plateau sample --model ${o.saveModel}`);
  if (result.status === 'interrupted')
    console.log(
      `interrupted at step ${result.step}; continue with: plateau train --resume ${runDir} (or the same command again)`,
    );
  return result.status === 'interrupted' ? exitCodeOf(signal ?? 'SIGINT') : 0;
}

runCli(() => main(process.argv.slice(2)));
