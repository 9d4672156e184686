/**
 * `plateau view [DIR…]` (`npm run view`): a live dashboard of the runs, scans and comparisons under DIR (default
 * runs/) at http://127.0.0.1:7007/, following metrics.jsonl while training runs (src/view/). Read-only; bound to
 * loopback unless --host says otherwise (then it warns: there is no authentication). Ctrl-C stops it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cliCommand, numberOption, runCli } from '../src/cli';
import { ConfigError } from '../src/errors';
import type { ServedRoot } from '../src/view/discover';

async function main(argv: string[]): Promise<null> {
  const cmd = cliCommand('view')
    .argument(
      '[dirs...]',
      'folders to serve: run folders, scan or comparison folders, or folders holding them (default: runs)',
    )
    .option('--port <n>', 'port (0: any free one)', numberOption('port', 0, true, 65535), 7007)
    .option(
      '--host <address>',
      'address to bind; anything but 127.0.0.1, localhost or ::1 exposes the folders to the network',
      '127.0.0.1',
    )
    .option(
      '--poll-ms <ms>',
      'how often the folders are read for new runs and metrics lines',
      numberOption('poll-ms', 50),
      1000,
    )
    .parse(argv, { from: 'user' });
  const o = cmd.opts<{ port: number; host: string; pollMs: number }>();
  const given = cmd.processedArgs[0] as string[];
  const dirs = given.length ? given : ['runs'];
  for (const d of given)
    if (!fs.existsSync(d) || !fs.statSync(d).isDirectory()) throw new ConfigError(`${d}: no such folder`);
  if (!given.length && !fs.existsSync('runs'))
    process.stderr.write(
      'runs/ does not exist yet: runs will show as they appear there (or give the folders: plateau view DIR…)\n',
    );
  const { LOOPBACK, startViewServer } = await import('../src/view/server');
  const roots: ServedRoot[] = dirs.map((d, index) => ({ index, shown: d, dir: path.resolve(d) }));
  if (!LOOPBACK.has(o.host))
    process.stderr.write(
      `warning: --host ${o.host} exposes ${dirs.join(', ')} (read-only, no authentication) to every machine that can reach this one\n`,
    );
  let server;
  try {
    server = await startViewServer({ roots, host: o.host, port: o.port, pollMs: o.pollMs });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new ConfigError(`port ${o.port} is in use; choose another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new ConfigError(`--host ${o.host}: not an address of this machine`);
    throw e;
  }
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const { runs, scans, compares } = server.catalog.snapshot;
  console.log(
    `plateau view: ${runs.length} runs, ${scans.length} scans, ${compares.length} comparisons under ${dirs.join(', ')}`,
  );
  console.log(`open ${server.url} (Ctrl-C to stop)`);
  return null;
}

runCli(() => main(process.argv.slice(2)));
