/**
 * Forward states of the cuda engine and the backward pass over them. A forward leaves ψ [rows][dim] in GPU memory
 * for the gradient; at most MAX_LIVE_STATES are kept (a value taken without its gradient must not pin GPU memory),
 * and a gradient whose state was evicted, or already consumed by an earlier gradient (the adjoint uncomputes ψ in
 * place), recomputes the forward from θ, which the record keeps on the host. State buffers are recycled by size.
 */
import { PTX } from './ptx.generated';
import { arg } from './args';
import { cudaPrecision, CudaPrecision, cudaSession, CudaSession, onCudaRelease } from './device';
import { DeviceBuffer } from './driver';
import { Launcher } from './launch';
import { coefficients, CudaProgram, gradientFromEnv } from './program';
import { adjointSweep, forwardSweep, ProgramConstants } from './sweep';

/** An initial state per row, or one for all rows (float32, as the tfjs tensors hold it). */
export interface HostInit {
  re: Float32Array;
  im: Float32Array;
}

export interface Forward {
  prog: CudaProgram;
  theta: Float64Array;
  rows: number;
  init?: HostInit;
  precision: CudaPrecision;
  /** ψ on the device, or null once evicted or consumed. */
  psi: DeviceBuffer | null;
}

const MAX_LIVE_STATES = 2;
const live: Forward[] = [];
const spare: DeviceBuffer[] = [];

export function session(): CudaSession {
  return cudaSession(() => PTX);
}

function takeState(bytes: number): DeviceBuffer {
  const i = spare.findIndex((b) => b.bytes === bytes);
  if (i >= 0) return spare.splice(i, 1)[0];
  // make room: recycled buffers of other sizes go back to the driver first
  for (const b of spare.splice(0)) session().driver.free(b);
  return session().driver.alloc(bytes, 'state');
}

function giveState(f: Forward): void {
  if (!f.psi) return;
  spare.push(f.psi);
  f.psi = null;
  const i = live.indexOf(f);
  if (i >= 0) live.splice(i, 1);
  while (spare.length > MAX_LIVE_STATES) session().driver.free(spare.shift()!);
}

onCudaRelease(() => {
  const drv = session().driver;
  for (const f of live.splice(0)) {
    drv.free(f.psi!);
    f.psi = null;
  }
  for (const b of spare.splice(0)) drv.free(b);
  for (const { c } of programsWithConstants.splice(0))
    for (const b of [c.masks, c.mat4s]) if (b && !b.freed) drv.free(b);
  constants = new WeakMap();
});

let constants = new WeakMap<CudaProgram, { epoch: number; precision: CudaPrecision; c: ProgramConstants }>();
/** Constants uploaded in this session, weakly held, so that releaseCuda can free them. */
const programsWithConstants: { c: ProgramConstants }[] = [];
/** Frees a collected program's constants (those of a released session are gone already). */
const finalizer = new FinalizationRegistry<{ c: ProgramConstants }>((entry) => {
  const i = programsWithConstants.indexOf(entry);
  if (i < 0) return;
  programsWithConstants.splice(i, 1);
  for (const b of [entry.c.masks, entry.c.mat4s]) if (b && !b.freed) session().driver.free(b);
});

/** The program's masks and 4×4 matrices on the device, uploaded once per session and precision. */
function programConstants(L: Launcher, prog: CudaProgram, precision: CudaPrecision): ProgramConstants {
  const s = L.session,
    hit = constants.get(prog);
  if (hit && hit.epoch === s.epoch && hit.precision === precision) return hit.c;
  if (hit) for (const b of [hit.c.masks, hit.c.mat4s]) if (b && !b.freed) s.driver.free(b); // the other precision's
  const c: ProgramConstants = { masks: null, mat4s: null };
  if (prog.masks.length)
    s.driver.upload((c.masks = s.driver.alloc(prog.masks.byteLength, 'diagonal masks')), prog.masks);
  if (prog.mat4s.length) {
    const m = precision === 'complex64' ? Float32Array.from(prog.mat4s) : prog.mat4s;
    s.driver.upload((c.mat4s = s.driver.alloc(m.byteLength, '4×4 matrices')), m);
  }
  constants.set(prog, { epoch: s.epoch, precision, c });
  const entry = { c };
  programsWithConstants.push(entry);
  finalizer.register(prog, entry);
  return c;
}

export function launcher(f: Pick<Forward, 'precision' | 'rows' | 'prog'>): Launcher {
  return new Launcher(session(), f.precision, f.rows, f.prog.plan.dim);
}

/** The rows' coefficients uploaded in the state's precision. */
function uploadCoefficients(L: Launcher, f: Forward): DeviceBuffer {
  const host = coefficients(f.prog, f.theta, f.rows);
  const data = f.precision === 'complex64' ? Float32Array.from(host) : host;
  const buf = L.session.scratch.get('coefficients', Math.max(8, data.byteLength));
  if (data.byteLength) L.session.driver.upload(buf, data);
  return buf;
}

/** ψ_b = U(θ_b)|init_b⟩ into the record's state buffer. */
function compute(f: Forward): void {
  const L = launcher(f),
    dim = f.prog.plan.dim;
  while (live.length >= MAX_LIVE_STATES) giveState(live[0]);
  const psi = takeState(L.stateBytes);
  if (f.init) {
    const re = L.session.scratch.get('initial state re', f.init.re.byteLength),
      im = L.session.scratch.get('initial state im', f.init.im.byteLength);
    L.session.driver.upload(re, f.init.re);
    L.session.driver.upload(im, f.init.im);
    L.each('load_state', dim, [
      arg.buf(psi),
      arg.buf(re),
      arg.buf(im),
      arg.u32(dim),
      arg.i32(f.init.re.length === dim ? 1 : 0),
    ]);
  } else L.each('basis0', dim, [arg.buf(psi), arg.u32(dim)]);
  forwardSweep(L, f.prog, psi, uploadCoefficients(L, f), programConstants(L, f.prog, f.precision));
  f.psi = psi;
  live.push(f);
}

/** Runs the forward sweep for θ [rows, nParams] (row-major) and keeps ψ on the device. */
export function runForward(prog: CudaProgram, theta: Float64Array, rows: number, init?: HostInit): Forward {
  const f: Forward = { prog, theta, rows, init, precision: cudaPrecision(), psi: null };
  compute(f);
  return f;
}

/** ψ of a forward record, recomputed if it was evicted or consumed. */
export function stateOf(f: Forward): DeviceBuffer {
  if (!f.psi) compute(f);
  return f.psi!;
}

/**
 * ∂L/∂θ [rows, nParams] (row-major, Float64): `seed` writes λ = ∂L/∂Re ψ + i ∂L/∂Im ψ into the buffer it is given
 * (reading ψ), then the adjoint sweep runs and consumes ψ.
 */
export function runBackward(
  f: Forward,
  seed: (L: Launcher, psi: DeviceBuffer, lam: DeviceBuffer) => void,
): Float64Array {
  const psi = stateOf(f),
    L = launcher(f),
    s = L.session;
  const lam = s.scratch.get('adjoint state λ', L.stateBytes);
  seed(L, psi, lam);
  const env = s.scratch.get('environment sums', Math.max(8, 8 * f.rows * f.prog.envWidth));
  adjointSweep(L, f.prog, psi, lam, uploadCoefficients(L, f), env, programConstants(L, f.prog, f.precision));
  const host = new Float64Array(f.rows * f.prog.envWidth);
  if (host.length) s.driver.download(host, env);
  giveState(f);
  return gradientFromEnv(f.prog, f.theta, f.rows, host);
}

/** Born probabilities of a forward record as float32 [rows][dim]. */
export function readProbs(f: Forward): Float32Array {
  const psi = stateOf(f),
    L = launcher(f),
    dim = f.prog.plan.dim;
  const out = L.session.scratch.get('float32 read-out', 4 * f.rows * dim);
  L.each('born_f32', dim, [arg.buf(psi), arg.buf(out), arg.u32(dim)]);
  const host = new Float32Array(f.rows * dim);
  L.session.driver.download(host, out);
  return host;
}

/** Amplitudes of a forward record as float32 packed [2][rows][dim] (re block, im block). */
export function readAmplitudes(f: Forward): Float32Array {
  const psi = stateOf(f),
    L = launcher(f),
    dim = f.prog.plan.dim,
    n = f.rows * dim;
  const out = L.session.scratch.get('float32 read-out', 8 * n);
  L.each('split_f32', dim, [arg.buf(psi), arg.buf(out), arg.u32(dim), arg.u64(n)]);
  const host = new Float32Array(2 * n);
  L.session.driver.download(host, out);
  return host;
}
