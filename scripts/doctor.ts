/**
 * `plateau doctor [--json] [--out FILE]`: what this node offers plateau — NVIDIA driver and GPUs, libcuda and cuInit,
 * Vulkan loader and ICDs, Dawn's hardware adapter, and which backend and engine would run, and why
 * (src/engines/doctor.ts). Always exits 0: it reports problems, it does not stop on them. `--json` prints the report
 * as JSON; `--out` also writes it there.
 */
import * as fs from 'fs';
import { cliCommand, runCli } from '../src/cli';

async function main(argv: string[]): Promise<number> {
  const o = cliCommand('doctor')
    .option('--json', 'print the report as JSON')
    .option('--out <file>', 'also write the JSON report to this file')
    .parse(argv, { from: 'user' })
    .opts<{ json?: boolean; out?: string }>();
  try {
    const { formatNodeReport, nodeReport } = await import('../src/engines/doctor');
    const r = await nodeReport();
    const json = `${JSON.stringify(r, null, 2)}\n`;
    if (o.out) {
      try {
        fs.writeFileSync(o.out, json);
      } catch (e) {
        console.error(`doctor: could not write ${o.out}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    console.log(o.json ? json.trimEnd() : formatNodeReport(r).join('\n'));
  } catch (e) {
    console.log(`doctor: the report stopped early: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
  }
  return 0;
}

runCli(() => main(process.argv.slice(2)));
