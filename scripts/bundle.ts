/**
 * `npm run bundle`: one folder that runs plateau's scripts on a Linux x86-64 machine with no network and no Node.js
 * (HPC compute nodes): this machine's Node binary (xz), Dawn's dawn.node (xz), and app.tar.xz with one esbuild bundle
 * per entry script plus the files they load at run time (tfjs-backend-wasm's .wasm, resvg's native binding, koffi's
 * native module for the cuda engine, the Vulkan loader libvulkan.so.1 from Debian's libvulkan1 for nodes without one,
 * with their licences under licenses/), the launcher scripts/bundle-launcher.sh and the device check
 * scripts/gpu-check.sh. Compressed Node and Dawn are cached in node_modules/.cache/plateau-bundle.
 * Needs Linux x86-64, the xz command and libvulkan1 (Debian: apt-get install --no-install-recommends xz-utils
 * libvulkan1). `--level 0` compresses fast (tests); the default 6 is for shipping.
 */
import { Command } from 'commander';
import { execFileSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { build } from 'esbuild';

/** Entry scripts shipped in the bundle (scripts/<name>.ts); add a name here to ship a new one. Missing ones are skipped. */
const ENTRIES = ['bench', 'train', 'scan', 'compare-losses', 'status', 'doctor'];

const root = path.resolve(__dirname, '..');
const nm = (p: string) => path.join(root, 'node_modules', p);
const RUNTIME_FILES: [string, string][] = [
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm', 'tfjs-backend-wasm.wasm'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-simd.wasm'],
  ['@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'],
  ['@resvg/resvg-js-linux-x64-gnu/resvgjs.linux-x64-gnu.node', 'resvgjs.linux-x64-gnu.node'],
  ['@koromix/koffi-linux-x64/linux_x64/koffi.node', 'koffi.node'],
  ['koffi/LICENSE.txt', 'licenses/koffi/LICENSE.txt'],
];
/** Debian's libvulkan1 on this machine: the loader (Dawn dlopens it) and its licence files, as [source, app path]. */
const VULKAN_FILES: [string, string][] = [
  ['/usr/lib/x86_64-linux-gnu/libvulkan.so.1', 'lib/libvulkan.so.1'],
  ['/usr/share/doc/libvulkan1/copyright', 'licenses/libvulkan1/copyright'],
  ['/usr/share/common-licenses/Apache-2.0', 'licenses/libvulkan1/Apache-2.0'],
];
const VERSIONED = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgpu',
  'webgpu',
];

function fail(msg: string): never {
  console.error(`bundle: ${msg}`);
  process.exit(1);
}

const version = (pkg: string) =>
  (JSON.parse(fs.readFileSync(nm(`${pkg}/package.json`), 'utf8')) as { version: string }).version;

/** `xz -<level>` of `file` into the cache (keyed by content identity), copied to `out`. */
function xzCached(file: string, key: string, level: number, out: string): void {
  const cache = nm(`.cache/plateau-bundle/${key}-${fs.statSync(file).size}-l${level}.xz`);
  if (!fs.existsSync(cache)) {
    fs.mkdirSync(path.dirname(cache), { recursive: true });
    execFileSync('sh', ['-c', `xz -${level} -T0 -c "$0" > "$1.tmp" && mv "$1.tmp" "$1"`, file, cache]);
  }
  fs.copyFileSync(cache, out);
}

async function main(argv: string[]): Promise<void> {
  const o = new Command()
    .option(
      '--out <dir>',
      'bundle folder (an earlier bundle there is replaced; any other non-empty folder is refused)',
      path.join(root, 'bundle'),
    )
    .option(
      '--level <n>',
      'xz level 0-9',
      (v) => (/^[0-9]$/.test(v) ? Number(v) : fail(`--level: expected an integer 0..9, got "${v}"`)),
      6,
    )
    .parse(argv, { from: 'user' })
    .opts<{ out: string; level: number }>();
  const t0 = performance.now();
  // Replace only what an earlier `npm run bundle` made: a folder with its manifest and id (never a user's folder).
  const isBundle = (d: string) =>
    fs.existsSync(path.join(d, 'manifest.json')) && fs.existsSync(path.join(d, 'bundle.id'));
  if (
    fs.existsSync(o.out) &&
    (!fs.statSync(o.out).isDirectory() || (fs.readdirSync(o.out).length > 0 && !isBundle(o.out)))
  )
    fail(`--out ${o.out}: exists and is not an earlier bundle; choose another folder (nothing was changed)`);
  if (process.platform !== 'linux' || process.arch !== 'x64')
    fail(`builds for Linux x86-64 only, from such a machine (this is ${process.platform}-${process.arch})`);
  try {
    execFileSync('xz', ['--version'], { stdio: 'ignore' });
  } catch {
    fail('needs the xz command (Debian: apt-get install xz-utils)');
  }
  const dawn = nm('webgpu/dist/linux-x64/dawn.node');
  for (const f of [dawn, ...RUNTIME_FILES.map(([p]) => nm(p)), path.join(root, 'src/engines/cpu/worker.generated.ts')])
    if (!fs.existsSync(f))
      fail(`missing ${path.relative(root, f)} (run npm ci, which also builds the engine's generated modules)`);
  for (const [f] of VULKAN_FILES)
    if (!fs.existsSync(f))
      fail(
        `missing ${f}: the bundle ships Debian's Vulkan loader (apt-get install --no-install-recommends libvulkan1)`,
      );
  const entries = ENTRIES.filter((e) => fs.existsSync(path.join(root, 'scripts', `${e}.ts`)));
  const skipped = ENTRIES.filter((e) => !entries.includes(e));

  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bundle-'));
  const out = `${o.out}.tmp`;
  if (
    fs.existsSync(out) &&
    !isBundle(out) &&
    fs.readdirSync(out).some((f) => !['app.tar.xz', 'node.xz', 'dawn.node.xz'].includes(f))
  )
    fail(`${out}: exists and is not a bundle being built; move it away (nothing was changed)`);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(path.join(stage, 'app'), { recursive: true });
  fs.mkdirSync(out, { recursive: true });
  let git = 'unknown';
  try {
    git = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  const packages = {
    ...Object.fromEntries(VERSIONED.map((p) => [p, version(p)])),
    plateau: JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version,
    'plateau-git': git,
  };
  await build({
    entryPoints: Object.fromEntries(entries.map((e) => [e, path.join(root, 'scripts', `${e}.ts`)])),
    outdir: path.join(stage, 'app'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    legalComments: 'eof',
    logLevel: 'error',
    // Native and optional packages stay runtime requires: .node files sit beside the scripts or come from env paths.
    external: [
      '*.node',
      '@resvg/resvg-js-*',
      '@tensorflow/tfjs-node',
      '@tensorflow/tfjs-node-gpu',
      'webgpu',
      'canvas',
      'koffi',
    ],
    define: { 'process.env.PLATEAU_BUNDLE_PACKAGES': JSON.stringify(JSON.stringify(packages)) },
  });
  for (const [src, dst] of [
    ...RUNTIME_FILES.map(([f, d]) => [nm(f), d]),
    ...VULKAN_FILES.map(([f, d]) => [fs.realpathSync(f), d]),
  ]) {
    fs.mkdirSync(path.dirname(path.join(stage, 'app', dst)), { recursive: true });
    fs.copyFileSync(src, path.join(stage, 'app', dst));
  }
  // presets and shipped datasets: src/paths.ts finds them next to the bundled scripts
  for (const dir of ['models', 'data'])
    fs.cpSync(path.join(root, dir), path.join(stage, 'app', dir), { recursive: true });
  execFileSync('sh', ['-c', `tar -C "$0" -cf - app | xz -${o.level} -T0 > "$1"`, stage, path.join(out, 'app.tar.xz')]);
  xzCached(process.execPath, `node-${process.version}`, o.level, path.join(out, 'node.xz'));
  xzCached(dawn, `dawn-${version('webgpu')}`, o.level, path.join(out, 'dawn.node.xz'));
  fs.rmSync(stage, { recursive: true, force: true });

  const hash = crypto.createHash('sha256');
  for (const f of ['node.xz', 'dawn.node.xz', 'app.tar.xz']) hash.update(fs.readFileSync(path.join(out, f)));
  fs.writeFileSync(path.join(out, 'bundle.id'), `${hash.digest('hex').slice(0, 12)}\n`);
  fs.writeFileSync(path.join(out, 'scripts.txt'), `${entries.join(' ')}\n`);
  fs.copyFileSync(path.join(root, 'scripts/bundle-launcher.sh'), path.join(out, 'plateau'));
  fs.chmodSync(path.join(out, 'plateau'), 0o755);
  fs.copyFileSync(path.join(root, 'scripts/gpu-check.sh'), path.join(out, 'gpu-check.sh'));
  fs.chmodSync(path.join(out, 'gpu-check.sh'), 0o755);
  const files = fs.readdirSync(out).map((f) => [f, fs.statSync(path.join(out, f)).size] as const);
  const total = files.reduce((s, [, b]) => s + b, 0);
  const manifest = {
    built: new Date().toISOString(),
    node: process.version,
    xzLevel: o.level,
    entries,
    packages,
    files: Object.fromEntries(files),
    totalBytes: total,
  };
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (fs.existsSync(o.out)) fs.rmSync(o.out, { recursive: true, force: true }); // an earlier bundle or an empty folder (checked above)
  fs.renameSync(out, o.out);
  if (skipped.length) console.log(`bundle: no scripts/${skipped.join('.ts, scripts/')}.ts yet, not shipped`);
  console.log(
    `bundle: ${o.out} (${(total / 2 ** 20).toFixed(1)} MiB: ${files.map(([f, b]) => `${f} ${(b / 2 ** 20).toFixed(1)}`).join(', ')}) in ${((performance.now() - t0) / 1000).toFixed(1)} s; run ${path.relative(process.cwd(), o.out) || '.'}/plateau <${entries.join('|')}> …`,
  );
}

main(process.argv.slice(2)).catch((e) => fail(e instanceof Error ? e.message : String(e)));
