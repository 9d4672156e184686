/**
 * Compiles every command script (scripts/*.ts) to dist/cli/<name>.js with esbuild: each bundles plateau's own modules
 * and leaves the packages in node_modules as run-time requires. Records the newest source mtime it compiled, so
 * bin/plateau.js rebuilds only when a file under src/ or scripts/ changed. Plain JS: it runs before anything is built.
 */
'use strict';
const fs = require('fs');
const path = require('path');

const INTERNAL = new Set(['build-engine', 'build-cli', 'build-lib', 'build-ptx', 'bundle']);
const STAMP = '.sources-mtime';

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|js)$/.test(e.name)) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** The newest mtime of the sources the commands are built from. */
function sourcesMtime(root) {
  return Math.max(newestMtime(path.join(root, 'src')), newestMtime(path.join(root, 'scripts')));
}

/** True when dist/cli was built from the sources as they are now. */
function isFresh(root) {
  const stamp = path.join(root, 'dist', 'cli', STAMP);
  return fs.existsSync(stamp) && Number(fs.readFileSync(stamp, 'utf8')) === sourcesMtime(root);
}

function buildCli(root) {
  const esbuild = require('esbuild');
  const mtime = sourcesMtime(root);
  const scripts = fs
    .readdirSync(path.join(root, 'scripts'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !INTERNAL.has(f.replace(/\.ts$/, '')));
  const outdir = path.join(root, 'dist', 'cli');
  esbuild.buildSync({
    entryPoints: scripts.map((f) => path.join(root, 'scripts', f)),
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'error',
  });
  fs.writeFileSync(path.join(outdir, STAMP), String(mtime));
  return scripts.length;
}

module.exports = { buildCli, isFresh, INTERNAL };
if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  try {
    const n = buildCli(root);
    console.log(`build-cli: ${n} commands → ${path.relative(process.cwd(), path.join(root, 'dist', 'cli')) || '.'}`);
  } catch (e) {
    // `npm install --omit=dev` runs prepare without esbuild: keep what was built, as bin/plateau.js does
    if (!(e && e.code === 'MODULE_NOT_FOUND' && /esbuild/.test(e.message))) throw e;
    console.log('build-cli: esbuild is not installed; dist/cli is not rebuilt');
  }
}
