/** Backend choice: automatic fall-through, forced names, and one-line errors listing what is available. */
import * as tf from '@tensorflow/tfjs';
import { availableBackends, initBackend } from '../../src/backend/backend';
import { selectEngine } from '../../src/engines/engine';
import { cudaStatus } from '../../src/engines/cuda/device';

test('auto skips tensorflow (no native binding here) and starts wasm, saying why it skipped', async () => {
  const r = await initBackend('auto');
  expect(r.backend).toBe('wasm');
  expect(tf.getBackend()).toBe('wasm');
  expect(r.skipped[0]).toMatch(
    /^tensorflow: @tensorflow\/tfjs-node-gpu is (not installed|installed without its native binding)/,
  );
  expect(r.packages['@tensorflow/tfjs-core']).toBe('4.22.0');
  expect(r.float).toBe('float32');
});

test('PLATEAU_BACKEND and explicit names force a backend', async () => {
  process.env.PLATEAU_BACKEND = 'cpu';
  try {
    expect((await initBackend()).backend).toBe('cpu');
  } finally {
    delete process.env.PLATEAU_BACKEND;
  }
  expect((await initBackend('wasm')).backend).toBe('wasm');
});

test('unknown or unloadable backends are one-line errors listing what is available', async () => {
  const avail = await availableBackends();
  expect(avail).toEqual(expect.arrayContaining(['wasm', 'cpu']));
  await expect(initBackend('gpu')).rejects.toThrow(/^unknown backend "gpu" \(available: .*wasm, cpu, or auto\)$/);
  await expect(initBackend('tensorflow')).rejects.toThrow(
    /^backend "tensorflow" cannot be used: .*\(available: .*cpu\)$/,
  );
});

test('the engine follows the backend: cpu engine on cpu/wasm (cuda where libcuda and a GPU are), tensor engine on GPU backends; forced names win', () => {
  const host = cudaStatus().ok ? 'cuda' : 'cpu';
  expect(selectEngine('auto', 'wasm')).toBe(host);
  expect(selectEngine('auto', 'cpu')).toBe(host);
  expect(selectEngine('auto', 'webgpu')).toBe('tensor');
  expect(selectEngine('tensor', 'wasm')).toBe('tensor');
  expect(() => selectEngine('gpu' as never)).toThrow('unknown engine "gpu" (available: auto, cpu, tensor, cuda)');
});
