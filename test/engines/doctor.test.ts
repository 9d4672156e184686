/**
 * `plateau doctor`: the report's content on this machine (no NVIDIA driver), with the host emulation standing in
 * for libcuda, with a Vulkan ICD manifest named by VK_DRIVER_FILES, and the command's exit status 0 even when the
 * environment is broken (an unknown backend, an unknown precision).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatNodeReport, nodeReport, vulkanReport } from '../../src/engines/doctor';
import { vulkanIcdFiles } from '../../src/backend/dawn';
import { resetCudaForTests } from '../../src/engines/cuda/device';
import { useHostCuda } from '../helpers/cudaHost';

const root = path.resolve(__dirname, '../..');

afterEach(() => {
  delete process.env.PLATEAU_CUDA_LIBRARY;
  delete process.env.VK_DRIVER_FILES;
  resetCudaForTests();
});

test('without a driver: every section answers, and the choice says why not cuda', async () => {
  process.env.PLATEAU_CUDA_LIBRARY = '/nonexistent/libcuda.so.1';
  resetCudaForTests();
  const r = await nodeReport();
  expect(r.cuda).toMatchObject({
    ok: false,
    library: null,
    detail: 'PLATEAU_CUDA_LIBRARY=/nonexistent/libcuda.so.1 does not exist',
    precision: 'complex64',
  });
  expect(r.choice).toMatchObject({ engine: 'cpu' });
  const lines = formatNodeReport(r);
  expect(lines.map((l) => l.split(':')[0])).toEqual(
    expect.arrayContaining([
      'host',
      'nvidia driver',
      'gpus',
      'libcuda',
      'cuda engine',
      'vulkan loader',
      'vulkan ICDs',
      'dawn',
      'would run',
    ]),
  );
  expect(lines.find((l) => l.startsWith('would run:'))).toMatch(
    /^would run: backend (wasm|cpu), engine cpu: host kernels beside the \w+ backend; not cuda: PLATEAU_CUDA_LIBRARY=/,
  );
});

test('with a CUDA driver (the host emulation): the device, and cuda chosen beside a host backend', async () => {
  const h = useHostCuda();
  if (!h.ok) return console.warn(`skipping: ${h.why}`);
  const r = await nodeReport();
  expect(r.cuda.ok).toBe(true);
  expect(r.cuda.detail).toBe('driver 12.4; GPU 0: plateau host emulation (no GPU), 1.0 GiB, compute 8.0');
  expect(r.choice).toMatchObject({ engine: 'cuda' });
  expect('skipped' in r.choice && r.choice.skipped).toContain(
    'webgpu: the cuda engine runs the circuits on the GPU and needs a host backend beside it',
  );
});

test('ICD manifests named by VK_DRIVER_FILES are listed with the driver they load', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-icd-'));
  const icd = path.join(dir, 'nvidia_icd.json');
  fs.writeFileSync(
    icd,
    JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: 'libGLX_nvidia.so.0', api_version: '1.3.0' } }),
  );
  process.env.VK_DRIVER_FILES = icd;
  expect(vulkanIcdFiles()).toEqual([icd]);
  const r = vulkanReport(); // not the whole report: Dawn would try the (absent) driver and print its warnings
  expect(r.icds).toEqual([{ file: icd, library: 'libGLX_nvidia.so.0' }]);
  expect(r.hint).toBeNull();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the command exits 0 and prints its report even when the environment is broken', () => {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/plateau.js'), 'doctor'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, PLATEAU_BACKEND: 'nonsense', PLATEAU_CUDA_PRECISION: 'complex32' },
  });
  expect(r.status).toBe(0);
  expect(r.stdout).toContain('cuda engine: sm_80 PTX, JIT-compiled by the driver');
  expect(r.stdout).toContain('PLATEAU_CUDA_PRECISION="complex32": expected one of complex64, complex128');
  // the execution policy is read as a whole: its first bad variable is what stops a backend from starting
  expect(r.stdout).toMatch(/would run: no backend could start: PLATEAU_CUDA_PRECISION="complex32"/);
});
