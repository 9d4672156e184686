/**
 * WebGPU test suites run on Dawn's software adapter (llvmpipe through Mesa's EGL/OpenGL): no GPU needed, only Debian's
 * libegl1, libegl-mesa0 and libgl1-mesa-dri (.ci/run installs them). Without those the suites are skipped, saying
 * why; with them, a failure to start is a test failure. Values are read with `await data()` (no dataSync on webgpu).
 */
import * as fs from 'fs';
import * as path from 'path';
import { initBackend } from '../../src/backend/backend';
import { dawnBinaryPath } from '../../src/backend/dawn';

const LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/lib/aarch64-linux-gnu'];
const has = (file: string) => LIB_DIRS.some((d) => fs.existsSync(path.join(d, file)));

/** Why the software WebGPU adapter cannot be started here, or null if it should start. */
export function softwareWebgpuMissing(): string | null {
  if (process.platform !== 'linux') return `the software adapter path is Linux-only (this is ${process.platform})`;
  if (!dawnBinaryPath()) return 'the optional npm package `webgpu` (Dawn) is not installed';
  const missing = [
    ['libEGL.so.1', 'libegl1'],
    ['libEGL_mesa.so.0', 'libegl-mesa0'],
    ['dri/swrast_dri.so', 'libgl1-mesa-dri'],
  ]
    .filter(([file]) => !has(file))
    .map(([, pkg]) => pkg);
  return missing.length
    ? `Mesa's software renderer is missing (apt-get install --no-install-recommends ${missing.join(' ')})`
    : null;
}

/** A describe block on the software webgpu backend, or a skipped one with the reason printed once. */
export function describeWebgpu(name: string, fn: () => void): void {
  const why = softwareWebgpuMissing();
  if (why) {
    console.warn(`skipping "${name}": ${why}`);
    describe.skip(`${name} (skipped: ${why})`, fn);
    return;
  }
  describe(`${name} [webgpu, software adapter]`, () => {
    beforeAll(async () => {
      process.env.PLATEAU_WEBGPU_ADAPTER = 'software';
      await initBackend('webgpu', { quiet: true });
    });
    fn();
  });
}
