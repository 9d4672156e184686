/**
 * `npm run mmd-spectrum -- --qubits 12 --sigmas 0.5,1,n/4,n [--out runs/mmd-spectrum-n12]`: the body-order spectrum
 * of an MMD kernel choice (each bandwidth and their average) as a table on stdout, and spectrum.json, spectrum.csv,
 * spectrum.png/.svg under --out. Pure host arithmetic: no tfjs backend and no randomness are involved.
 */
import * as path from 'path';
import { claimOutputDir, holdsJson } from '../src/outputDir';
import { writeFileAtomic, writeJsonAtomic } from '../src/fsutil';
import { cliCommand, numberOption, runCli } from '../src/cli';

async function main(argv: string[]): Promise<void> {
  const o = cliCommand('mmd-spectrum')
    .requiredOption('--qubits <n>', 'number of qubits n (1..1000)', numberOption('qubits', 1, true, 1000))
    .option('--sigmas <list>', 'comma-separated bandwidths: numbers or expressions in n (n, n/4, 0.25n)', '0.5,1,n/4,n')
    .option('--out <dir>', 'output directory (default runs/mmd-spectrum-n<qubits>)')
    .option('--force', 'move a non-empty --out folder of something else aside (never deleted)')
    .parse(argv, { from: 'user' })
    .opts<{ qubits: number; sigmas: string; out?: string; force?: boolean }>();
  const [{ resolveBandwidth }, { bodyOrderSpectrum }, { spectrumCsv, spectrumPlotSpec, spectrumTables }, { savePlot }] =
    await Promise.all([
      import('../src/losses/bandwidth'),
      import('../src/losses/spectrum'),
      import('../src/studies/mmdSpectrum/report'),
      import('../src/report/plot'),
    ]);
  const n = o.qubits;
  const exprs = o.sigmas.split(',').map((s) => s.trim());
  const sigmas = exprs.map((e, i) => resolveBandwidth(e, n, `--sigmas item ${i + 1}`));
  const rows = bodyOrderSpectrum(n, sigmas);
  const out = o.out ?? path.join('runs', `mmd-spectrum-n${n}`);
  const { state } = claimOutputDir(out, {
    what: 'spectrum folder',
    force: o.force,
    ownedBy: holdsJson('spectrum.json', 'kernel'),
  });
  if (state.kind === 'moved') console.error(`moved the folder that was at ${out} aside to ${state.to}`);
  writeJsonAtomic(path.join(out, 'spectrum.json'), {
    nQubits: n,
    sigmaExpressions: exprs,
    sigmas,
    kernel: 'K_σ(x,y) = exp(−|x−y|²/(2σ)), σ not squared; averaged over σ',
    rows,
  });
  writeFileAtomic(path.join(out, 'spectrum.csv'), spectrumCsv(n, rows));
  const plot = await savePlot(spectrumPlotSpec(n, rows), path.join(out, 'spectrum'));
  console.log(spectrumTables(n, rows));
  console.log(`\nwrote ${path.join(out, 'spectrum.json')}, spectrum.csv, ${plot.png}, ${plot.svg}`);
}

runCli(() => main(process.argv.slice(2)));
