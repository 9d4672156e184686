/**
 * The FFI layer's bookkeeping against the fake driver (the host emulation with its plateau_fake_* hooks): argument
 * packing (pure, then through a kernel that writes its arguments back), allocation accounting and the refusal of
 * allocations that cannot fit, CUresult codes turned into one-line messages, the no-GPU and no-library cases, and the
 * launch geometry the driver receives.
 */
import { arg, packArgs, ARG_SLOTS } from '../../../src/engines/cuda/args';
import { CudaError, cudaErrorMessage, formatBytes } from '../../../src/engines/cuda/cudaError';
import { CudaDriver, findLibrary } from '../../../src/engines/cuda/driver';
import { cudaStatus, resetCudaForTests } from '../../../src/engines/cuda/device';
import { selectEngine } from '../../../src/engines/engine';
import { Launcher } from '../../../src/engines/cuda/launch';
import { session } from '../../../src/engines/cuda/runtime';
import { PTX } from '../../../src/engines/cuda/ptx.generated';
import { describeHostCuda, fakeHooks, useHostCuda } from '../../helpers/cudaHost';

describe('argument packing (no FFI)', () => {
  test('each value in its own little-endian 8-byte slot', () => {
    const block = new DataView(new ArrayBuffer(8 * ARG_SLOTS));
    const buf = { ptr: 0x7f0012345600n, freed: false, label: 'b' };
    packArgs(
      [arg.buf(buf, 16), arg.u32(4294967295), arg.i32(-5), arg.f32(1.5), arg.f64(-2.25), arg.u64(2n ** 40n + 3n)],
      block,
    );
    expect(block.getBigUint64(0, true)).toBe(0x7f0012345610n);
    expect(block.getUint32(8, true)).toBe(4294967295);
    expect(block.getInt32(16, true)).toBe(-5);
    expect(block.getFloat32(24, true)).toBe(1.5);
    expect(block.getFloat64(32, true)).toBe(-2.25);
    expect(block.getBigUint64(40, true)).toBe(2n ** 40n + 3n);
  });
  test('bad values and too many arguments are one-line errors', () => {
    const block = new DataView(new ArrayBuffer(8 * ARG_SLOTS));
    expect(() => packArgs([arg.u32(-1)], block)).toThrow('cuda: argument 0 = -1 is not a u32');
    expect(() => packArgs([arg.u32(1), arg.i32(2 ** 31)], block)).toThrow(
      'cuda: argument 1 = 2147483648 is not an i32',
    );
    expect(() =>
      packArgs(
        Array.from({ length: ARG_SLOTS + 1 }, () => arg.u32(0)),
        block,
      ),
    ).toThrow(`cuda: ${ARG_SLOTS + 1} kernel arguments, at most ${ARG_SLOTS}`);
  });
  test('CUresult messages: the call, the driver name and text, or the table name, or the number', () => {
    expect(cudaErrorMessage('cuMemAlloc(x, 1 MiB)', 2, 'CUDA_ERROR_OUT_OF_MEMORY', 'out of memory')).toBe(
      'cuda: cuMemAlloc(x, 1 MiB) failed: CUDA_ERROR_OUT_OF_MEMORY (out of memory)',
    );
    expect(cudaErrorMessage('cuInit(0)', 100)).toBe('cuda: cuInit(0) failed: CUDA_ERROR_NO_DEVICE');
    expect(cudaErrorMessage('cuInit(0)', 12345)).toBe('cuda: cuInit(0) failed: CUresult 12345');
    expect(formatBytes(3 * 2 ** 29)).toBe('1.50 GiB');
  });
  test('a missing library is found missing without loading anything', () => {
    expect(findLibrary('/nonexistent/libcuda.so.1')).toBeNull();
    expect(findLibrary('libplateau-no-such-library.so.7', {})).toBeNull();
  });
});

describeHostCuda('driver bookkeeping', () => {
  let hooks: ReturnType<typeof fakeHooks>;
  let library: string;
  beforeAll(() => {
    const h = useHostCuda();
    if (!h.ok) throw new Error(h.why);
    library = h.library;
    hooks = fakeHooks(library);
  });
  beforeEach(() => {
    resetCudaForTests();
    hooks.reset(1, 2 ** 24);
  });

  function opened(): CudaDriver {
    const d = CudaDriver.open(library);
    d.init();
    d.open(0, PTX);
    return d;
  }

  test('init reports the device; the status and the auto engine follow it', () => {
    const d = CudaDriver.open(library);
    expect(d.init()).toEqual({
      driverVersion: '12.4',
      devices: [{ ordinal: 0, name: 'plateau host emulation (no GPU)', totalBytes: 2 ** 24, capability: '8.0' }],
    });
    expect(cudaStatus()).toMatchObject({ ok: true, driverVersion: '12.4' });
  });

  test('kernel arguments of every type arrive as packed', () => {
    const d = opened();
    const out = d.alloc(40, 'probe');
    d.launch('probe_args', [1, 1], 32, [
      arg.buf(out),
      arg.i32(-7),
      arg.f64(Math.PI),
      arg.u32(3000000000),
      arg.f32(-0.375),
      arg.u64(2n ** 50n + 1n),
    ]);
    const got = new BigUint64Array(5);
    d.download(got, out);
    const f64 = new DataView(new ArrayBuffer(8));
    f64.setBigUint64(0, got[1], true);
    const f32 = new DataView(new ArrayBuffer(4));
    f32.setUint32(0, Number(got[3]), true);
    expect([BigInt.asIntN(64, got[0]), f64.getFloat64(0, true), got[2], f32.getFloat32(0, true), got[4]]).toEqual([
      -7n,
      Math.PI,
      3000000000n,
      -0.375,
      2n ** 50n + 1n,
    ]);
    expect(hooks.lastLaunch()).toEqual([1, 1, 1, 32, 1, 1]);
    d.free(out);
  });

  test('allocations are counted like the driver counts them, and freed ones are refused', () => {
    const d = opened();
    const a = d.alloc(1000, 'a'),
      b = d.alloc(3000, 'b');
    expect([d.liveBuffers, d.liveBytes]).toEqual([2, 4000]);
    expect([hooks.liveAllocations(), hooks.liveBytes()]).toEqual([2, 4000]);
    d.free(a);
    d.free(a); // idempotent
    expect([d.liveBuffers, d.liveBytes, hooks.liveAllocations()]).toEqual([1, 3000, 1]);
    expect(() => d.upload(a, new Float32Array(4))).toThrow('cuda: upload on a, which was freed');
    expect(() => d.upload(b, new Float64Array(400))).toThrow('cuda: upload of 3200 bytes at 0 overruns b (3000 bytes)');
    expect(() => d.launch('basis0_f32', [1, 1], 32, [arg.buf(a), arg.u32(4)])).toThrow(
      'cuda: basis0_f32: argument a was freed',
    );
    d.free(b);
    expect(hooks.liveBytes()).toBe(0);
  });

  test('an allocation that cannot fit is refused before it is made, with the size needed', () => {
    const d = opened();
    const keep = d.alloc(2 ** 23, 'state');
    const launches = hooks.liveAllocations();
    expect(() => d.alloc(2 ** 24, 'adjoint state λ')).toThrow(
      'cuda: adjoint state λ needs 16.0 MiB of GPU memory, but only 8.0 MiB of 16.0 MiB is free (plateau holds 8.0 MiB)',
    );
    expect(hooks.liveAllocations()).toBe(launches);
    d.free(keep);
  });

  test('failed calls are one-line CudaErrors naming the call and its arguments', () => {
    const d = opened();
    const buf = d.alloc(64, 'coefficients');
    hooks.fail('cuMemcpyHtoD_v2', 700);
    const err = (() => {
      try {
        d.upload(buf, new Float64Array(8));
      } catch (e) {
        return e as CudaError;
      }
    })();
    expect(err).toBeInstanceOf(CudaError);
    expect(err!.message).toBe('cuda: cuMemcpyHtoD(coefficients, 64 B) failed: CUDA_ERROR_ILLEGAL_ADDRESS');
    expect(err!.code).toBe(700);
    hooks.fail('cuLaunchKernel', 701);
    expect(() => d.launch('basis0_f64', [2, 3], 64, [arg.buf(buf), arg.u32(2)])).toThrow(
      'cuda: cuLaunchKernel(basis0_f64, grid 2×3, block 64) failed: CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES ((host emulation))',
    );
    expect(() => d.launch('no_such_kernel', [1, 1], 32, [])).toThrow(
      'cuda: cuModuleGetFunction(no_such_kernel) failed: CUDA_ERROR_NOT_FOUND',
    );
    hooks.fail('cuCtxSynchronize', 719);
    expect(() => d.sync()).toThrow('cuda: cuCtxSynchronize failed: CUDA_ERROR_LAUNCH_FAILED');
    d.free(buf);
  });

  test('a module the driver rejects is named as such', () => {
    const d = CudaDriver.open(library);
    d.init();
    expect(() => d.open(0, 'not ptx')).toThrow(
      'cuda: cuModuleLoadData(PTX, 7 bytes) failed: CUDA_ERROR_INVALID_PTX ((host emulation))',
    );
  });

  test('a driver without a GPU: the status says why, auto falls back, a forced cuda is a one-line ConfigError', () => {
    hooks.reset(0, 2 ** 24);
    const s = cudaStatus();
    expect(s).toMatchObject({ ok: false, why: 'cuInit(0) failed: CUDA_ERROR_NO_DEVICE ((host emulation))' });
    expect(selectEngine('auto', 'cpu')).toBe('cpu');
    expect(() => selectEngine('cuda', 'cpu')).toThrow(
      'engine cuda cannot run here: cuInit(0) failed: CUDA_ERROR_NO_DEVICE ((host emulation))',
    );
  });

  test('a library that is not there', () => {
    const saved = process.env.PLATEAU_CUDA_LIBRARY;
    process.env.PLATEAU_CUDA_LIBRARY = '/nonexistent/libcuda.so.1';
    resetCudaForTests();
    try {
      expect(cudaStatus()).toEqual({ ok: false, why: 'PLATEAU_CUDA_LIBRARY=/nonexistent/libcuda.so.1 does not exist' });
      expect(() => CudaDriver.open('/nonexistent/libcuda.so.1')).toThrow(
        /^cuda: \/nonexistent\/libcuda.so.1 cannot be loaded \(/,
      );
    } finally {
      process.env.PLATEAU_CUDA_LIBRARY = saved;
      resetCudaForTests();
    }
  });

  test('launch geometry: rows on grid.y, reducing kernels get whole blocks', () => {
    const s = session();
    const L = new Launcher(s, 'complex64', 5, 2 ** 10);
    const psi = s.scratch.get('state', L.stateBytes);
    L.each('basis0', 2 ** 10, [arg.buf(psi), arg.u32(2 ** 10)]);
    expect(hooks.lastLaunch()).toEqual([4, 5, 1, 256, 1, 1]);
    expect(L.reductionThreads(2 ** 9)).toEqual({ block: 32, threads: 32 });
    expect(L.reductionThreads(2 ** 25)).toEqual({ block: 256, threads: 205 * 256 }); // ⌈⌊2^18 / 5⌋ / 256⌉ blocks
    expect(() => new Launcher(s, 'complex64', 70000, 4)).toThrow(
      "cuda: a batch of 70000 rows exceeds the engine's 65535",
    );
  });
});
