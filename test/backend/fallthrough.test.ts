/**
 * Fall-through of the automatic backend choice when a GPU backend is absent or broken: a tfjs-node-gpu whose native
 * binding fails to load (a fake package on NODE_PATH, as when the CUDA 11 libraries are missing) gives one stderr line
 * from a script naming the reason and the backend used instead; a missing Dawn is a one-line reason in `skipped`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { initBackend } from '../../src/backend/backend';

const root = path.resolve(__dirname, '../..');

function fakeTfjsNodeGpu(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-fake-gpu-'));
  const pkg = path.join(dir, 'node_modules/@tensorflow/tfjs-node-gpu');
  fs.mkdirSync(path.join(pkg, 'lib/napi-v8'), { recursive: true });
  fs.writeFileSync(
    path.join(pkg, 'package.json'),
    JSON.stringify({ name: '@tensorflow/tfjs-node-gpu', version: '4.22.0', main: 'index.js' }),
  );
  fs.writeFileSync(path.join(pkg, 'lib/napi-v8/tfjs_binding.node'), '');
  // What process.dlopen reports when libtensorflow cannot find CUDA 11.
  fs.writeFileSync(
    path.join(pkg, 'index.js'),
    "throw new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory\\n    at Module._extensions..node');\n",
  );
  return dir;
}

test('a tfjs-node-gpu that fails to load: the script says why in one line and runs on the next backend', () => {
  const dir = fakeTfjsNodeGpu();
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_PATH: path.join(dir, 'node_modules') };
    delete env.PLATEAU_BACKEND;
    const r = spawnSync(
      process.execPath,
      [
        path.join(root, 'node_modules/tsx/dist/cli.mjs'),
        'scripts/bench.ts',
        '--only',
        'gate',
        '--gate-qubits',
        '4',
        '--engines',
        'tensor',
      ],
      { cwd: root, encoding: 'utf8', env },
    );
    expect(r.status).toBe(0);
    const notices = r.stderr.split('\n').filter((l) => l.startsWith('plateau:'));
    expect(notices).toEqual([
      'plateau: tensorflow backend failed: @tensorflow/tfjs-node-gpu failed to load: libcudart.so.11.0: cannot open shared object file: No such file or directory (it needs CUDA 11.2 and cuDNN 8.1); using the wasm backend instead',
    ]);
    const first = JSON.parse(r.stdout.split('\n')[0]);
    expect(first.backend).toBe('wasm');
    expect(first.skipped[0]).toMatch(/^tensorflow: @tensorflow\/tfjs-node-gpu failed to load: libcudart/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without Dawn, webgpu is skipped with a one-line reason; forcing it is a one-line error', async () => {
  process.env.PLATEAU_DAWN_NODE = path.join(os.tmpdir(), 'no-such-dawn.node');
  try {
    const r = await initBackend('auto', { quiet: true });
    expect(r.backend).toBe('wasm');
    const webgpu = r.skipped.filter((s) => s.startsWith('webgpu: '));
    expect(webgpu).toEqual([
      `webgpu: the webgpu package (Dawn) has no binary for ${process.platform}-${process.arch} or is not installed`,
    ]);
    expect(r.notice).toBeUndefined();
    await expect(initBackend('webgpu')).rejects.toThrow(
      /^backend "webgpu" cannot be used: the webgpu package \(Dawn\) has no binary .*\(available: [a-z, ]+\)$/,
    );
  } finally {
    delete process.env.PLATEAU_DAWN_NODE;
  }
});

test('the automatic choice never takes a software adapter', async () => {
  const r = await initBackend('auto', { quiet: true });
  if (r.backend === 'webgpu') expect(r.adapter?.software).toBe(false);
  else expect(r.skipped.find((s) => s.startsWith('webgpu: '))).toMatch(/^webgpu: [^\n]+$/);
});
