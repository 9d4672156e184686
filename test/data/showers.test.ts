/** Shower profiles against numerical integration, the generator's energy bookkeeping, fluctuations and seeding. */
import { gammaP, lnGamma } from '../../src/stats/special';
import { drawProfile, longitudinalDensity, longitudinalFraction, longitudinalModel, MATERIALS, radialDensity, radialParams, rectangleFraction } from '../../src/data/showers/profiles';
import { generateShowers, meanDeposits, resolveShowerConfig, showerEvent3d, ShowerTruth } from '../../src/data/showers/generator';
import { createRng } from '../../src/rng';
import { poolImages, poolWeights } from '../../src/data/showers/pool';

/** Composite Simpson rule on [a, b] with m (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, m = 20000): number {
  const h = (b - a) / m;
  let s = f(a) + f(b);
  for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** Midpoint rule of the planar radial density R²/(π (x² + y² + R²)²) over a rectangle. */
function planar(x0: number, x1: number, y0: number, y1: number, R: number, m = 400): number {
  const hx = (x1 - x0) / m, hy = (y1 - y0) / m;
  let s = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) {
      const x = x0 + (i + 0.5) * hx, y = y0 + (j + 0.5) * hy;
      s += (R * R) / (Math.PI * (x * x + y * y + R * R) ** 2);
    }
  return s * hx * hy;
}

describe('special functions', () => {
  test('ln Γ matches factorials and Γ(1/2) = √π', () => {
    for (let k = 1; k < 15; k++) {
      let f = 1;
      for (let i = 2; i < k; i++) f *= i;
      expect(lnGamma(k)).toBeCloseTo(Math.log(f), 10);
    }
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
  test('P(a, x) equals the integral of the Gamma density', () => {
    for (const [a, x] of [[2.5, 0.7], [4.1, 3], [4.1, 9], [9, 4], [1.3, 20]]) {
      // t = s⁴ removes the t^(a−1) kink at 0 that Simpson's rule cannot resolve for a near 1.
      const num = simpson((s) => 4 * s ** 3 * Math.exp((a - 1) * Math.log(s ** 4) - s ** 4 - lnGamma(a)), 1e-12, x ** 0.25);
      expect(gammaP(a, x)).toBeCloseTo(num, 7);
    }
  });
});

describe('GFLASH profiles', () => {
  const mat = MATERIALS.PbWO4;
  test.each([10, 50, 100])('longitudinal profile at %d GeV integrates to 1 and layer fractions match the integral', (E) => {
    const g = drawProfile(longitudinalModel(E, mat));
    expect(simpson((t) => longitudinalDensity(t, g), 1e-9, 200, 40000)).toBeCloseTo(1, 6);
    for (const [t0, t1] of [[0, 1], [3, 4], [7.5, 12], [20, 25]]) expect(longitudinalFraction(t0, t1, g)).toBeCloseTo(simpson((t) => longitudinalDensity(t, g), Math.max(t0, 1e-12), t1), 8);
    // The PDG/GFLASH relation t_max = ln(E/Ec) + C: for the mean profile C = −0.812 in ⟨ln T⟩ = ln(ln y − 0.812).
    expect(g.tmax).toBeCloseTo(Math.log(E / mat.ecGeV) - 0.812, 10);
    expect((g.alpha - 1) / g.beta).toBeCloseTo(g.tmax, 10);
  });

  test('radial components integrate to 1 and the rectangle formula matches 2-D integration', () => {
    for (const R of [0.05, 0.3, 1.2]) {
      expect(simpson((r) => radialDensity(r, R), 0, 50 * R) + R * R / ((50 * R) ** 2 + R * R)).toBeCloseTo(1, 6);
      for (const [x0, x1, y0, y1] of [[-0.1, 0.1, -0.1, 0.1], [0.2, 0.45, -0.3, 0.05], [-1, 2, 0.5, 0.75], [1, 1.25, 1, 1.25]]) {
        expect(rectangleFraction(x0, x1, y0, y1, R)).toBeCloseTo(planar(x0, x1, y0, y1, R), 5);
      }
      expect(rectangleFraction(-1e6, 1e6, -1e6, 1e6, R)).toBeCloseTo(1, 9);
    }
  });

  test('radial parameters stay physical over the energy and depth range', () => {
    for (const E of [1, 10, 100, 1000])
      for (const tau of [0, 0.5, 1, 2, 4]) {
        const r = radialParams(E, tau, mat.z);
        expect(r.rCore).toBeGreaterThan(0);
        expect(r.rTail).toBeGreaterThan(r.rCore);
        expect(r.pCore).toBeGreaterThanOrEqual(0);
        expect(r.pCore).toBeLessThanOrEqual(1);
      }
  });
});

describe('shower generator', () => {
  const mat = MATERIALS.PbWO4;
  const truth = (E: number, x = 12.5, y = 12.5): ShowerTruth => ({ energy: E, x, y, profile: drawProfile(longitudinalModel(E, mat)) });

  test('mean deposits sum to E times the contained fraction from numerical integration of the profiles', () => {
    const cfg = resolveShowerConfig({ geometry: 'pbwo4', cells: [25, 25, 25] });
    for (const [E, x, y] of [[20, 12.5, 12.5], [80, 10.3, 14.1]]) {
      const t = truth(E, x, y), dep = meanDeposits(t, cfg);
      const total = dep.reduce((a, b) => a + b, 0);
      // Independent bookkeeping: per layer, the numerically integrated longitudinal density times the numerically
      // integrated transverse containment of each radial component in the 25×25 face.
      const alphaMean = Math.exp(longitudinalModel(E, mat).meanLnAlpha);
      let expected = 0;
      for (let k = 0; k < 25; k++) {
        const lf = simpson((s) => longitudinalDensity(s, t.profile), Math.max(k, 1e-12), k + 1, 200);
        const tau = ((k + 0.5) * t.profile.beta / t.profile.alpha) * (alphaMean / (alphaMean - 1));
        const rp = radialParams(E, tau, mat.z);
        const box = (R: number) => planar(-x * 0.25, (25 - x) * 0.25, -y * 0.25, (25 - y) * 0.25, R, 200);
        expected += E * lf * (rp.pCore * box(rp.rCore) + (1 - rp.pCore) * box(rp.rTail));
      }
      expect(Math.abs(total - expected) / E).toBeLessThan(2e-4);
      expect(total / E).toBeGreaterThan(0.85);
      expect(total / E).toBeLessThan(1);
    }
  });

  test('a box much larger than the shower contains all of its energy', () => {
    const cfg = resolveShowerConfig({ geometry: 'pbwo4', cells: [25, 25, 25], cellRM: 4, cellX0: 4 });
    const total = meanDeposits(truth(50), cfg).reduce((a, b) => a + b, 0);
    expect(total / 50).toBeGreaterThan(0.998);
    expect(total / 50).toBeLessThanOrEqual(1 + 1e-12);
  });

  test('same seed, same showers; another seed, other showers', () => {
    const a = generateShowers({ cells: [9, 9, 9] }, 20, 7), b = generateShowers({ cells: [9, 9, 9] }, 20, 7), c = generateShowers({ cells: [9, 9, 9] }, 20, 8);
    const d = generateShowers({ geometry: 'pbwo4', cells: [9, 9, 9] }, 20, 7), e = generateShowers({ geometry: 'pbwo4', cells: [9, 9, 9] }, 20, 7);
    expect(Buffer.from(d.images.buffer).equals(Buffer.from(e.images.buffer))).toBe(true);
    expect(Buffer.from(a.images.buffer).equals(Buffer.from(b.images.buffer))).toBe(true);
    expect(Buffer.from(a.images.buffer).equals(Buffer.from(c.images.buffer))).toBe(false);
  });

  test('sampling fluctuations give σ_E/E = a/√E, noise adds σ_noise·√cells', () => {
    // A 9³ box of 0.75 R_M × 2.5 X0 cells keeps this fast (Math.atan is slow inside jest's sandbox).
    const N = 400, E = 50, base = { geometry: 'pbwo4' as const, energyGeV: [E, E] as [number, number], impactSpreadCells: 0, fluctuateProfiles: false, cells: [9, 9, 9] as [number, number, number], cellRM: 0.75, cellX0: 2.5 };
    const totals = (cfg: object) => {
      const s = generateShowers({ ...base, ...cfg }, N, 3), per = 81, t = new Float64Array(N);
      for (let e = 0; e < N; e++) for (let c = 0; c < per; c++) t[e] += s.images[e * per + c];
      const m = t.reduce((a, b) => a + b, 0) / N;
      return { m, sd: Math.sqrt(t.reduce((a, b) => a + (b - m) ** 2, 0) / (N - 1)) };
    };
    const contained = meanDeposits(truth(E, 4.5, 4.5), resolveShowerConfig({ ...base, noiseGeV: 0 })).reduce((a, b) => a + b, 0);
    const a = 0.05, st = totals({ stochastic: a, noiseGeV: 0 });
    expect(Math.abs(st.m - contained)).toBeLessThan(4 * (a * Math.sqrt(contained)) / Math.sqrt(N));
    // The standard deviation of a sample of N normals has relative error ≈ 1/√(2N) = 3.5 %; allow 4σ.
    expect(Math.abs(st.sd / (a * Math.sqrt(contained)) - 1)).toBeLessThan(4 / Math.sqrt(2 * N));
    const nz = totals({ stochastic: 0, noiseGeV: 0.01 });
    expect(Math.abs(nz.sd / (0.01 * Math.sqrt(9 ** 3)) - 1)).toBeLessThan(4 / Math.sqrt(2 * N));
  });
});

test('full 3-D events fluctuate around the mean deposits with variance a²·E_cell per cell', () => {
  const cfg = resolveShowerConfig({ geometry: 'pbwo4', cells: [7, 7, 7], cellRM: 1, cellX0: 3, stochastic: 0.1, noiseGeV: 0 });
  const t: ShowerTruth = { energy: 30, x: 3.5, y: 3.5, profile: drawProfile(longitudinalModel(30, MATERIALS.PbWO4)) };
  const mean = meanDeposits(t, cfg), rng = createRng('3d'), N = 300;
  const c = mean.indexOf(Math.max(...mean)); // the hottest cell
  let s = 0, s2 = 0;
  for (let e = 0; e < N; e++) {
    const ev = showerEvent3d(t, cfg, rng);
    expect(ev.length).toBe(343);
    s += ev[c];
    s2 += ev[c] ** 2;
  }
  const m = s / N, v = s2 / N - m * m, sd = 0.1 * Math.sqrt(mean[c]);
  expect(Math.abs(m - mean[c])).toBeLessThan((4 * sd) / Math.sqrt(N));
  expect(Math.abs(Math.sqrt(v) / sd - 1)).toBeLessThan(4 / Math.sqrt(2 * N));
});

describe('pooling', () => {
  test('overlap weights partition every cell; 25 → 5 is block summing', () => {
    for (const m of [1, 2, 3, 4, 5, 7]) {
      const w = poolWeights(25, m);
      for (let c = 0; c < 25; c++) {
        let s = 0;
        for (let j = 0; j < m; j++) s += w[j * 25 + c];
        expect(s).toBeCloseTo(1, 12);
      }
    }
    const img = Float64Array.from({ length: 625 }, (_, i) => (i * 7919) % 13);
    const p = poolImages(img, 25, 25, 5, 5);
    for (let r = 0; r < 5; r++)
      for (let c = 0; c < 5; c++) {
        let s = 0;
        for (let y = 5 * r; y < 5 * r + 5; y++) for (let x = 5 * c; x < 5 * c + 5; x++) s += img[y * 25 + x];
        expect(p[r * 5 + c]).toBeCloseTo(s, 9);
      }
  });

  test('a 3×3 image of ones pools to 2×2 pixels of 2.25 and a 3×4 grid conserves the total', () => {
    expect(Array.from(poolImages(new Float64Array(9).fill(1), 3, 3, 2, 2))).toEqual([2.25, 2.25, 2.25, 2.25]);
    const img = Float64Array.from({ length: 2 * 625 }, (_, i) => Math.sin(i) ** 2);
    const p = poolImages(img, 25, 25, 3, 4);
    for (let e = 0; e < 2; e++) {
      const a = img.subarray(e * 625, (e + 1) * 625).reduce((x, y) => x + y, 0), b = p.subarray(e * 12, (e + 1) * 12).reduce((x, y) => x + y, 0);
      expect(b).toBeCloseTo(a, 9);
    }
  });
});
