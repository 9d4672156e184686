/**
 * Compiles src/ to dist/ with tsc (tsconfig.build.json: CommonJS, declarations, source maps; incremental, so a rebuild
 * with nothing changed takes seconds) and copies the files the library reads beside its modules (the `plateau view`
 * page). dist/index.js is the package's entry point (package.json "exports"); dist/cli/ holds the commands
 * (build-cli.js). Plain JS: it runs before anything is built. Without TypeScript installed (`npm install --omit=dev`)
 * it prints a notice and exits 0.
 */
'use strict';
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

/** Non-TypeScript files under src/ that the compiled modules read at run time, copied to the same place in dist/. */
const ASSETS = ['view/static'];

function buildLib(root) {
  let tsc;
  try {
    tsc = require.resolve('typescript/bin/tsc');
  } catch {
    console.log('build-lib: typescript is not installed; dist/ is not built');
    return false;
  }
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  for (const a of ASSETS) fs.cpSync(path.join(root, 'src', a), path.join(root, 'dist', a), { recursive: true });
  return true;
}

module.exports = { buildLib };
if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  if (buildLib(root))
    console.log(`build-lib: src → ${path.relative(process.cwd(), path.join(root, 'dist')) || '.'} (with declarations)`);
}
