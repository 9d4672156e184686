/**
 * The offline bundle (scripts/bundle.ts) runs `bench` and `doctor` from a clean directory with a PATH that has no
 * Node.js, unpacking its own Node on first use, and carries the cuda engine's FFI module and the Vulkan loader; it takes
 * the command names of bin/plateau.js, and `unpack` (apptainer.def) unpacks once so a read-only copy without the
 * compressed files still runs. Built with `--level 0` (fast xz; the shipping default compresses harder). Skipped, saying
 * why, only where a bundle cannot be built at all (not Linux x86-64, or no xz/tar).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildHostLibrary, findCxx } from '../../src/engines/cuda/build';

const root = path.resolve(__dirname, '../..');
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const why =
  process.platform !== 'linux' || process.arch !== 'x64'
    ? `bundles are built on Linux x86-64 (this is ${process.platform}-${process.arch})`
    : !has('xz') || !has('tar')
      ? 'the xz and tar commands are needed to build a bundle'
      : null;
if (why) console.warn(`skipping the bundle test: ${why}`);
const maybe = why ? test.skip : test;

maybe('the bundle runs bench from a clean directory without Node.js on PATH', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-bundle-test-'));
  try {
    const out = path.join(tmp, 'bundle');
    const b = spawnSync(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/bundle.ts', '--out', out, '--level', '0'],
      { cwd: root, encoding: 'utf8' },
    );
    expect(b.stderr).toBe('');
    expect(b.status).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.totalBytes).toBeLessThan(60 * 2 ** 20);
    expect(manifest.entries).toEqual(expect.arrayContaining(['bench', 'train']));

    // A PATH with only the tools the launcher needs.
    const bin = path.join(tmp, 'bin');
    fs.mkdirSync(bin);
    for (const c of ['sh', 'xz', 'tar', 'mkdir', 'mv', 'rm', 'cat', 'dirname', 'id', 'chmod', 'touch']) {
      const where = spawnSync('sh', ['-c', `command -v ${c}`], { encoding: 'utf8' }).stdout.trim();
      fs.symlinkSync(where, path.join(bin, c));
    }
    const env = { PATH: bin, HOME: tmp, PLATEAU_RUNTIME_DIR: path.join(tmp, 'runtime') };
    expect(spawnSync('sh', ['-c', 'command -v node'], { env }).status).not.toBe(0);
    const cwd = path.join(tmp, 'work');
    fs.mkdirSync(cwd);
    const r = spawnSync(path.join(out, 'plateau'), ['bench', '--only', 'gate', '--gate-qubits', '10'], {
      cwd,
      env,
      encoding: 'utf8',
    });
    expect(r.stderr.replace(/^maxrss_kb=\d+\n$/m, '')).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      bench: 'env',
      backend: 'wasm',
      node: process.version,
      packages: { plateau: expect.any(String), '@tensorflow/tfjs-core': '4.22.0' },
    });
    expect(lines.filter((l) => l.bench === 'gate' && l.qubits === 10 && l.gb_per_s > 0).map((l) => l.engine)).toEqual([
      'cpu',
      'cpu',
      'tensor',
    ]);
    expect(fs.readdirSync(cwd)).toEqual([]);

    // doctor ships too, and says what the node offers (exit 0 whatever it finds); so do the cuda engine's FFI module, the
    // Vulkan loader with their licences, and the device check
    const doc = spawnSync(path.join(out, 'plateau'), ['doctor', '--json'], { cwd, env, encoding: 'utf8' });
    expect([doc.status, doc.stderr]).toEqual([0, '']);
    const report = JSON.parse(doc.stdout);
    expect(report.cuda).toMatchObject({ ok: false, library: null });
    expect(report.choice).toMatchObject({ backend: 'wasm', engine: 'cpu' });
    expect(report.vulkan.loader === null && report.vulkan.bundledLoader === null).toBe(false);
    const files = spawnSync('sh', ['-c', 'xz -dc "$0" | tar -t', path.join(out, 'app.tar.xz')], {
      encoding: 'utf8',
    }).stdout.split('\n');
    expect(files).toEqual(
      expect.arrayContaining([
        'app/doctor.js',
        'app/koffi.node',
        'app/licenses/koffi/LICENSE.txt',
        'app/lib/libvulkan.so.1',
        'app/licenses/libvulkan1/copyright',
        'app/licenses/libvulkan1/Apache-2.0',
      ]),
    );
    expect(fs.statSync(path.join(out, 'gpu-check.sh')).mode & 0o111).not.toBe(0);
    // the cuda engine runs from the bundle (koffi's native module loaded by path) on the host emulation of the driver
    const cxx = findCxx();
    if (cxx) {
      const check = spawnSync(
        path.join(out, 'plateau'),
        ['bench', '--only', 'check', '--check-qubits', '4', '--engines', 'cuda'],
        { cwd, env: { ...env, PLATEAU_CUDA_LIBRARY: buildHostLibrary(cxx) }, encoding: 'utf8' },
      );
      expect(check.status).toBe(0);
      const checks = check.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((l) => l.bench === 'check');
      expect(checks.length).toBe(6);
      expect(checks.every((l) => l.engine === 'cuda' && l.ok)).toBe(true);
    }

    const usage = spawnSync(path.join(out, 'plateau'), ['nope'], { cwd, env, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/unknown script "nope"[\s\S]*scripts: bench train/);

    // the names bin/plateau.js takes (batch files use them), and `unpack` as apptainer.def's %post runs it: into a
    // copy of the bundle whose compressed files are then removed, which must still run
    expect(manifest.entries).toEqual(expect.arrayContaining(['scan', 'compare-losses', 'status']));
    expect(
      spawnSync(path.join(out, 'plateau'), ['compare', '--help'], { cwd, env, encoding: 'utf8' }).stdout,
    ).toContain('--only-report');
    const st = spawnSync(path.join(out, 'plateau'), ['status', cwd], { cwd, env, encoding: 'utf8' });
    expect([st.status, st.stderr.trim()]).toEqual([
      2,
      `error: ${cwd}: no plan.json there: not a plateau scan or comparison folder (or one written before plans existed)`,
    ]);
    const opt = path.join(tmp, 'opt-plateau');
    fs.mkdirSync(opt);
    for (const f of ['plateau', 'bundle.id', 'scripts.txt', 'manifest.json', 'node.xz', 'dawn.node.xz', 'app.tar.xz'])
      fs.copyFileSync(path.join(out, f), path.join(opt, f));
    fs.chmodSync(path.join(opt, 'plateau'), 0o755);
    const imageEnv = { ...env, PLATEAU_RUNTIME_DIR: path.join(opt, 'runtime') };
    const unpack = spawnSync(path.join(opt, 'plateau'), ['unpack'], { cwd, env: imageEnv, encoding: 'utf8' });
    expect([unpack.status, unpack.stdout.trim()]).toEqual([
      0,
      path.join(opt, 'runtime', fs.readFileSync(path.join(out, 'bundle.id'), 'utf8').trim()),
    ]);
    for (const f of ['node.xz', 'dawn.node.xz', 'app.tar.xz']) fs.rmSync(path.join(opt, f));
    fs.chmodSync(opt, 0o555); // read-only, as an image is
    try {
      const help = spawnSync(path.join(opt, 'plateau'), ['scan', '--help'], { cwd, env: imageEnv, encoding: 'utf8' });
      expect([help.status, help.stdout.includes('--container')]).toEqual([0, true]);
    } finally {
      fs.chmodSync(opt, 0o755);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
