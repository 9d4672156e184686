/**
 * `npm run bench-losses -- [--backend wasm] [--qubits 16,20,22] [--repeats 5]`: the loss workloads of
 * src/bench/lossWorkloads.ts, one JSON line per measurement on stdout (the first line is the BackendReport).
 */
import { Command } from 'commander';
import { initBackend } from '../src/backend/backend';
import { lossBenchmarks } from '../src/bench/lossWorkloads';
import { ConfigError, PlateauError } from '../src/errors';

const ints = (v: string) => v.split(',').map((s) => {
  const k = Number(s);
  if (!Number.isInteger(k) || k < 1 || k > 26) throw new ConfigError(`--qubits: "${s}" is not an integer in 1..26`);
  return k;
});

async function main(argv: string[]): Promise<void> {
  const o = new Command()
    .option('--backend <name>', 'tfjs backend (auto, tensorflow, wasm, cpu)', process.env.PLATEAU_BACKEND ?? 'auto')
    .option('--qubits <list>', 'qubit counts of the exact-MMD workload', ints, [16, 20, 22])
    .option('--methods <list>', 'exact-MMD routes: wht, kronecker, kronecker-ops', (v) => v.split(','), ['wht', 'kronecker'])
    .option('--grad-qubits <n>', 'qubits of the HEP loss + gradient workload', (v) => parseInt(v, 10), 12)
    .option('--repeats <n>', 'timed repetitions', (v) => parseInt(v, 10), 5)
    .option('--seed <n>', 'seed', (v) => parseInt(v, 10), 1)
    .parse(argv, { from: 'user' })
    .opts<{ backend: string; qubits: number[]; methods: ('wht' | 'kronecker' | 'kronecker-ops')[]; gradQubits: number; repeats: number; seed: number }>();
  for (const m of o.methods) if (!['wht', 'kronecker', 'kronecker-ops'].includes(m)) throw new ConfigError(`--methods: unknown route "${m}" (wht, kronecker, kronecker-ops)`);
  const report = await initBackend(o.backend);
  console.log(JSON.stringify({ backendReport: report }));
  await lossBenchmarks({
    mmdQubits: o.qubits, mmdMethods: o.methods, gradQubits: o.gradQubits, repeats: o.repeats, seed: o.seed,
    onResult: (r) => console.log(JSON.stringify(r)),
  });
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof PlateauError ? `error: ${e.message}` : e);
    process.exit(e instanceof PlateauError ? 2 : 1);
  },
);
