#!/usr/bin/env node
/**
 * `plateau <command> [options]` (also `npx plateau …` and every `npm run <command>`): runs scripts/<command>.ts compiled
 * to dist/cli/<command>.js by esbuild, with plain Node. No TypeScript loader at run time: faster to start, and a
 * Ctrl-C reaches the command itself, so it can checkpoint (tsx's signal relay SIGKILLs a child that is busy for more
 * than 60 ms). In a checkout, the commands are rebuilt first when a file under src/ or scripts/ changed.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const distDir = path.join(root, 'dist', 'cli');
const checkout = fs.existsSync(path.join(root, 'scripts', 'build-cli.js')) && fs.existsSync(path.join(root, 'src'));
/** Names users type for scripts whose file is named otherwise. */
const ALIASES = { compare: ['compare-losses'], 'scan:merge': ['scan', '--merge'] };

function commands() {
  const dir = checkout ? path.join(root, 'scripts') : distDir;
  const internal = new Set(['build-engine', 'build-cli', 'build-lib', 'build-ptx', 'bundle', 'compare-losses']);
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const names = files
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => f.replace(/\.(ts|js)$/, ''));
  return [...new Set([...names.filter((c) => !internal.has(c)), ...Object.keys(ALIASES)])].sort();
}

const [cmd, ...rest] = process.argv.slice(2);
if (!cmd || cmd === '--help' || cmd === '-h') {
  process.stderr.write(
    `usage: plateau <command> [options]   (plateau <command> --help for its options)\ncommands: ${commands().join(', ')}\n`,
  );
  process.exit(cmd ? 0 : 2);
}
if (!commands().includes(cmd)) {
  process.stderr.write(`error: unknown command "${cmd}" (commands: ${commands().join(', ')})\n`);
  process.exit(2);
}
if (checkout) {
  const build = require(path.join(root, 'scripts', 'build-cli.js'));
  if (!build.isFresh(root)) {
    try {
      build.buildCli(root);
    } catch (e) {
      // without the build tools (npm install --omit=dev) run what was built; a build error is the developer's to see
      if (!(e && e.code === 'MODULE_NOT_FOUND' && fs.existsSync(distDir))) throw e;
    }
  }
}
const [script, ...extra] = ALIASES[cmd] ?? [cmd];
const file = path.join(distDir, `${script}.js`);
// what batch files (scan/compare --slurm, --condor) run on the nodes: this Node binary and this launcher
if (!process.env.PLATEAU_LAUNCHER)
  process.env.PLATEAU_LAUNCHER = `${process.execPath} ${path.join(root, 'bin', 'plateau.js')}`;
process.argv = [process.argv[0], file, ...extra, ...rest];
process.setSourceMapsEnabled(true); // stack traces name the .ts sources
require(file);
