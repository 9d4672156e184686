/**
 * Matrix exponential and Gibbs states against a Float64 power series written here (Σ A^k/k!, 80 terms, no scaling),
 * closed forms (e^{−iθX}), and gradients against central finite differences.
 */
import * as tf from '@tensorflow/tfjs';
import { expm, gibbsState } from '../../src/linalg/expm';
import { createRng } from '../../src/rng';
import { describeEachBackend, expectNoLeak, maxAbsDiff } from '../helpers/backends';

interface CM {
  re: number[];
  im: number[];
}

function seriesExp(a: CM, d: number): CM {
  const out = { re: new Array(d * d).fill(0), im: new Array(d * d).fill(0) };
  let term = { re: Array.from({ length: d * d }, (_, k) => (k % (d + 1) === 0 ? 1 : 0)), im: new Array(d * d).fill(0) };
  for (let k = 0; k < 80; k++) {
    for (let i = 0; i < d * d; i++) {
      out.re[i] += term.re[i];
      out.im[i] += term.im[i];
    }
    const next = { re: new Array(d * d).fill(0), im: new Array(d * d).fill(0) };
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++)
        for (let l = 0; l < d; l++) {
          const [xr, xi, yr, yi] = [term.re[i * d + l], term.im[i * d + l], a.re[l * d + j], a.im[l * d + j]];
          next.re[i * d + j] += (xr * yr - xi * yi) / (k + 1);
          next.im[i * d + j] += (xr * yi + xi * yr) / (k + 1);
        }
    term = next;
  }
  return out;
}

function randomComplex(seed: string, d: number, scale: number, hermitian: boolean): CM {
  const rng = createRng(seed);
  const re = Array.from({ length: d * d }, () => scale * rng.normal()),
    im = Array.from({ length: d * d }, () => scale * rng.normal());
  if (!hermitian) return { re, im };
  const h = { re: new Array(d * d).fill(0), im: new Array(d * d).fill(0) };
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      h.re[i * d + j] = (re[i * d + j] + re[j * d + i]) / 2;
      h.im[i * d + j] = (im[i * d + j] - im[j * d + i]) / 2;
    }
  return h;
}

const toT = (a: CM, d: number) => ({ re: tf.tensor2d(a.re, [d, d]), im: tf.tensor2d(a.im, [d, d]) });

describeEachBackend('expm', () => {
  test.each([
    [2, 0.3],
    [4, 1.5],
    [8, 4],
  ])('d=%i, entries ~ N(0, %f²): equals the power series', (d, scale) => {
    const a = randomComplex(`ex${d}`, d, scale, false),
      ref = seriesExp(a, d);
    const out = tf.tidy(() => {
      const e = expm(toT(a, d));
      return [e.re.dataSync(), e.im.dataSync()];
    });
    const norm = Math.max(...ref.re.map(Math.abs), ...ref.im.map(Math.abs));
    expect(maxAbsDiff(out[0], ref.re) / norm).toBeLessThan(2e-5);
    expect(maxAbsDiff(out[1], ref.im) / norm).toBeLessThan(2e-5);
  });

  test('e^{−iθX} = cos θ − i sin θ X (batched)', () => {
    const th = [0.4, 2.5, 7];
    const out = tf.tidy(() => {
      const re = tf.zeros([3, 2, 2]) as tf.Tensor3D;
      const im = tf.tensor3d(
        th.flatMap((t) => [0, -t, -t, 0]),
        [3, 2, 2],
      );
      const e = expm({ re, im });
      return [e.re.arraySync(), e.im.arraySync()] as number[][][][];
    });
    th.forEach((t, b) => {
      expect(out[0][b][0][0]).toBeCloseTo(Math.cos(t), 5);
      expect(out[1][b][0][1]).toBeCloseTo(-Math.sin(t), 5);
      expect(out[0][b][0][1]).toBeCloseTo(0, 5);
    });
  });

  test('Gibbs state: ρ = e^{−H}/Tr e^{−H} and ln Z, even for a large spread of energies', () => {
    const d = 8;
    for (const scale of [0.5, 20]) {
      const h = randomComplex(`gibbs${scale}`, d, scale, true);
      // Float64 reference: e^{−H} = (e^{−H/64})^64, the series at a small norm, then six squarings.
      const small = { re: h.re.map((x) => -x / 64), im: h.im.map((x) => -x / 64) };
      let e = seriesExp(small, d);
      for (let k = 0; k < 6; k++) e = seriesSquare(e, d);
      const z = Array.from({ length: d }, (_, k) => e.re[k * (d + 1)]).reduce((s, x) => s + x, 0);
      const out = tf.tidy(() => {
        const g = gibbsState(toT(h, d));
        return [g.rho.re.dataSync(), g.rho.im.dataSync(), g.logZ.dataSync()];
      });
      expect(
        maxAbsDiff(
          out[0],
          e.re.map((x) => x / z),
        ),
      ).toBeLessThan(2e-5);
      expect(
        maxAbsDiff(
          out[1],
          e.im.map((x) => x / z),
        ),
      ).toBeLessThan(2e-5);
      expect(out[2][0]).toBeCloseTo(Math.log(z), scale > 1 ? 2 : 4);
    }
  });

  test('gradients of expm and of the Gibbs state equal finite differences', () => {
    const d = 4,
      a0 = randomComplex('g0', d, 0.7, true),
      a1 = randomComplex('g1', d, 0.7, true),
      w = randomComplex('gw', d, 1, false);
    const base = toT(a0, d),
      dir = toT(a1, d),
      wr = tf.tensor2d(w.re, [d, d]),
      wi = tf.tensor2d(w.im, [d, d]);
    const f1 = (x: tf.Scalar) => {
      const e = expm({
        re: tf.add(base.re, tf.mul(dir.re, x)) as tf.Tensor2D,
        im: tf.add(base.im, tf.mul(dir.im, x)) as tf.Tensor2D,
      });
      return tf.add(tf.sum(tf.mul(e.re, wr)), tf.sum(tf.mul(e.im, wi))) as tf.Scalar;
    };
    const f2 = (x: tf.Scalar) => {
      const g = gibbsState({
        re: tf.add(base.re, tf.mul(dir.re, x)) as tf.Tensor2D,
        im: tf.add(base.im, tf.mul(dir.im, x)) as tf.Tensor2D,
      });
      return tf.add(tf.add(tf.sum(tf.mul(g.rho.re, wr)), tf.sum(tf.mul(g.rho.im, wi))), g.logZ) as tf.Scalar;
    };
    for (const f of [f1, f2]) {
      const x0 = 0.3,
        h = 1e-2;
      const ad = tf.tidy(
        () =>
          tf
            .grad(f as (x: tf.Tensor) => tf.Scalar)(tf.scalar(x0))
            .dataSync()[0],
      );
      const fd = tf.tidy(() => (f(tf.scalar(x0 + h)).dataSync()[0] - f(tf.scalar(x0 - h)).dataSync()[0]) / (2 * h));
      expect(Math.abs(ad - fd)).toBeLessThan(2e-3 * Math.max(1, Math.abs(fd)));
      expect(Math.abs(fd)).toBeGreaterThan(1e-2); // a non-trivial derivative
    }
    expectNoLeak(() => tf.tidy(() => void tf.grad(f2 as (x: tf.Tensor) => tf.Scalar)(tf.scalar(0.1))));
    tf.dispose([base.re, base.im, dir.re, dir.im, wr, wi]);
  });
});

function seriesSquare(a: CM, d: number): CM {
  const out = { re: new Array(d * d).fill(0), im: new Array(d * d).fill(0) };
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++)
      for (let l = 0; l < d; l++) {
        const [xr, xi, yr, yi] = [a.re[i * d + l], a.im[i * d + l], a.re[l * d + j], a.im[l * d + j]];
        out.re[i * d + j] += xr * yr - xi * yi;
        out.im[i * d + j] += xr * yi + xi * yr;
      }
  return out;
}
