/**
 * The complex tensor type of plateau: a pair of real float32 tensors of equal shape. tfjs complex64 has no gradients
 * (Complex/Real/Imag register none) and no kernels on wasm, so amplitudes live here instead. Only this module builds,
 * splits or combines the two parts; everything else calls these functions, all of which are differentiable.
 */
import * as tf from '@tensorflow/tfjs';
import { ShapeError } from '../errors';

export interface Complex<T extends tf.Tensor = tf.Tensor> {
  readonly re: T;
  readonly im: T;
}

/** A batch of state vectors, [batch, 2^n] each part. */
export type StateBatch = Complex<tf.Tensor2D>;

export function complex<T extends tf.Tensor>(re: T, im: T): Complex<T> {
  if (!tf.util.arraysEqual(re.shape, im.shape))
    throw new ShapeError(`complex: re ${JSON.stringify(re.shape)} and im ${JSON.stringify(im.shape)} differ in shape`);
  return { re, im };
}

export function add<T extends tf.Tensor>(a: Complex<T>, b: Complex<T>): Complex<T> {
  return { re: tf.add(a.re, b.re), im: tf.add(a.im, b.im) };
}

export function sub<T extends tf.Tensor>(a: Complex<T>, b: Complex<T>): Complex<T> {
  return { re: tf.sub(a.re, b.re), im: tf.sub(a.im, b.im) };
}

/** Elementwise product (broadcasting like tf.mul). */
export function mul<T extends tf.Tensor>(a: Complex, b: Complex): Complex<T> {
  return {
    re: tf.sub(tf.mul(a.re, b.re), tf.mul(a.im, b.im)) as T,
    im: tf.add(tf.mul(a.re, b.im), tf.mul(a.im, b.re)) as T,
  };
}

/** Multiply by a real tensor or number (broadcasting). */
export function scale<T extends tf.Tensor>(a: Complex<T>, s: tf.Tensor | number): Complex<T> {
  return { re: tf.mul(a.re, s), im: tf.mul(a.im, s) };
}

export function conj<T extends tf.Tensor>(a: Complex<T>): Complex<T> {
  return { re: a.re, im: tf.neg(a.im) };
}

/** |a|² elementwise: the Born rule. */
export function abs2<T extends tf.Tensor>(a: Complex<T>): T {
  return tf.add(tf.square(a.re), tf.square(a.im));
}

/** e^{iφ} for a real phase tensor. */
export function expI<T extends tf.Tensor>(phase: T): Complex<T> {
  return { re: tf.cos(phase), im: tf.sin(phase) };
}

/** ⟨a|b⟩ = Σ conj(a)·b over the last axis, batched: [B, D] × [B, D] → [B] (broadcasts a [1, D] bra). */
export function inner(a: Complex<tf.Tensor2D>, b: Complex<tf.Tensor2D>): Complex<tf.Tensor1D> {
  return {
    re: tf.sum(tf.add(tf.mul(a.re, b.re), tf.mul(a.im, b.im)), -1),
    im: tf.sum(tf.sub(tf.mul(a.re, b.im), tf.mul(a.im, b.re)), -1),
  };
}

/** Stack both parts along a new leading axis: [2, ...shape]. The tensor engine works on this packed form. */
export function pack<T extends tf.Tensor>(a: Complex<T>): tf.Tensor {
  return tf.stack([a.re, a.im]);
}

/** Inverse of pack: [2, ...shape] → complex (slices along axis 0 are contiguous, so cheap on every backend). */
export function unpack<T extends tf.Tensor>(packed: tf.Tensor): Complex<T> {
  const [re, im] = tf.unstack(packed);
  return { re: re as T, im: im as T };
}

export function dispose(a: Complex | undefined): void {
  if (a) tf.dispose([a.re, a.im]);
}
