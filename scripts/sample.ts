/**
 * `npm run sample -- --model models/NAME --shots N [--seed S] [--out samples.csv] [--jitter]`: draws N shots from a
 * trained model, writes them as CSV (bitstring, then physical features when the model's data has a feature map) and
 * prints the most frequent bitstrings (and feature means).
 */
import { checkOutputFile } from '../src/outputDir';
import { writeFileAtomic } from '../src/fsutil';
import { toCsv } from '../src/report/csv';
import { createRng } from '../src/rng';
import { cliCommand, BACKEND_HELP, runCli, numberOption } from '../src/cli';
import { executionPolicy } from '../src/execution';

async function main(argv: string[]): Promise<void> {
  const o = cliCommand('sample')
    .requiredOption('--model <name>', 'a model saved with --save-model NAME, or a model folder or model.json by path')
    .option('--shots <n>', 'number of samples', numberOption('shots', 1), 1000)
    .option('--seed <n>', 'seed', numberOption('seed', 0), 1)
    .option('--out <file>', 'CSV of the samples')
    .option('--jitter', 'spread feature values uniformly within their bins (default: bin centres)')
    .option('--backend <name>', BACKEND_HELP, executionPolicy().backend)
    .parse(argv, { from: 'user' })
    .opts<{ model: string; shots: number; seed: number; out?: string; jitter?: boolean; backend: string }>();
  if (o.out !== undefined) checkOutputFile(o.out);
  const [{ initBackend }, { loadModel, resolveModelPath }, { checkSampling, sampleModel }] = await Promise.all([
    import('../src/backend/backend'),
    import('../src/models/saved'),
    import('../src/models/sampling'),
  ]);
  const model = loadModel(resolveModelPath(o.model));
  checkSampling(model, o.shots, { csv: o.out !== undefined });
  await initBackend(o.backend);
  const s = await sampleModel(model, o.shots, createRng(o.seed), { jitter: o.jitter });
  const rows = s.bitstrings.map((b, i) => ({
    bitstring: b,
    ...Object.fromEntries(Object.entries(s.features ?? {}).map(([k, v]) => [k, v[i]])),
  }));
  if (o.out) writeFileAtomic(o.out, toCsv(rows));
  const counts = new Map<string, number>();
  for (const b of s.bitstrings) counts.set(b, (counts.get(b) ?? 0) + 1);
  console.log(
    `${o.shots} samples from ${model.name} (${model.dataCard.name}, ${s.nQubits} qubits)${o.out ? ` → ${o.out}` : ''}`,
  );
  console.log(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([b, c]) => `  ${b}  ${(c / o.shots).toFixed(4)}`)
      .join('\n'),
  );
  for (const [k, v] of Object.entries(s.features ?? {}))
    console.log(`  ${k}: mean ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(4)}`);
}

runCli(() => main(process.argv.slice(2)));
