/** The CLIC Si–W geometry: GFLASH effective medium and sampling corrections against hand-computed values, energy
 * bookkeeping of the layer stack against numerical integration, visible fractions and per-section fluctuations. */
import { effectiveMedium, layerRadiationLengths, mipSamplingFraction } from '../../src/data/showers/sampling';
import { clicGapCm, clicLayer, clicMedium, detectorOf } from '../../src/data/showers/geometry';
import { resolveShowerConfig } from '../../src/data/showers/config';
import { drawProfile, longitudinalDensity, longitudinalFraction, longitudinalModel, MATERIALS, radialParams, rectangleFraction } from '../../src/data/showers/profiles';
import { generateShowers, meanDeposits, ShowerTruth } from '../../src/data/showers/generator';

/** Composite Simpson rule on [a, b] with m (even) intervals. */
function simpson(f: (x: number) => number, a: number, b: number, m = 4000): number {
  const h = (b - a) / m;
  let s = f(a) + f(b);
  for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

describe('GFLASH effective medium of a W/Si layer (hand-computed from the PDG constants)', () => {
  // W 2.4 mm: 19.3 × 0.24 = 4.632 g/cm²; Si 0.5 mm: 2.329 × 0.05 = 0.11645 g/cm²; w_W = 4.632/4.74845 = 0.975476.
  // X0: W 0.3504 × 19.3 = 6.76272 g/cm², Si 9.370 × 2.329 = 21.8227 g/cm²; 1/X0 = 0.975476/6.76272 + 0.024524/21.8227.
  const bare = effectiveMedium({ passive: MATERIALS.W, passiveCm: 0.24, active: MATERIALS.Si, activeCm: 0.05, gapCm: 0 });
  test('Z_eff, ρ_eff, X0_eff, Ec_eff, R_M,eff, F_S and ê', () => {
    expect(bare.passiveMassFraction).toBeCloseTo(0.975476, 5);
    expect(bare.z).toBeCloseTo(0.975476 * 74 + 0.024524 * 14, 4); // 72.5286
    expect(bare.density).toBeCloseTo(4.74845 / 0.29, 4); // 16.3740 g/cm³
    expect(bare.x0Cm).toBeCloseTo(6.87909 / 16.374, 4); // 0.42012 cm
    expect(bare.ecGeV * 1000).toBeCloseTo(6.87909 * (0.975476 * 7.97 / 6.76272 + 0.024524 * 40.19 / 21.8227), 3); // 8.219 MeV
    expect(bare.rmCm).toBeCloseTo(21.2 / (0.975476 * 7.97 / 6.76272 + 0.024524 * 40.19 / 21.8227) / 16.374, 3); // 1.0837 cm
    expect(bare.sampling.fs).toBeCloseTo(0.42012 / 0.29, 3); // 1.4487
    expect(bare.sampling.ehat).toBeCloseTo(1 / 1.42, 10); // 1/(1 + 0.007 (74 − 14))
  });
  test('a mass-less gap widens X0 and R_M in cm, not in g/cm², and leaves F_S alone', () => {
    const gap = clicGapCm();
    expect(gap).toBeCloseTo((15.9 - (17 * 0.24 + 8 * 0.48) - 25 * 0.05) / 25, 12); // 2.692 mm (ClicNDM envelope)
    const m = clicMedium();
    expect(m.rmCm * m.density).toBeCloseTo(bare.rmCm * bare.density, 10);
    expect(m.x0Cm * m.density).toBeCloseTo(bare.x0Cm * bare.density, 10);
    expect(m.rmCm).toBeCloseTo(17.744 / (4.74845 / 0.5592), 2); // 2.09 cm
    expect(m.sampling.fs).toBeCloseTo(bare.sampling.fs, 12);
  });
  test('layer thickness in X0 and the mip sampling fraction', () => {
    const l = clicLayer(0.24);
    expect(layerRadiationLengths(l)).toBeCloseTo(0.24 / 0.3504 + 0.05 / 9.37, 12); // 0.6903 X0
    expect(mipSamplingFraction(l)).toBeCloseTo((0.11645 * 1.664) / (0.11645 * 1.664 + 4.632 * 1.145), 6); // 3.52 %
    expect(mipSamplingFraction(clicLayer(0.48)) / mipSamplingFraction(l)).toBeCloseTo((0.11645 * 1.664 + 4.632 * 1.145) / (0.11645 * 1.664 + 9.264 * 1.145), 10); // ≈ half
  });
});

describe('GFLASH sampling corrections (hand-computed)', () => {
  const m = clicMedium(), s = m.sampling;
  test('longitudinal: T and α shift by t1/F_S + t2 (1 − ê) and a1/F_S; widths and ρ follow the sampling fits', () => {
    for (const E of [2, 100, 500]) {
      const ly = Math.log(E / m.ecGeV), g = longitudinalModel(E, m, s), h = longitudinalModel(E, m);
      expect(Math.exp(h.meanLnT)).toBeCloseTo(ly - 0.812, 10);
      expect(Math.exp(g.meanLnT)).toBeCloseTo(ly - 0.812 - 0.55 / s.fs - 0.69 * (1 - s.ehat), 10);
      expect(Math.exp(g.meanLnAlpha)).toBeCloseTo(0.81 + (0.458 + 2.26 / m.z) * ly - 0.476 / s.fs, 10);
      expect(g.sigmaLnT).toBeCloseTo(1 / (-2.5 + 1.25 * ly), 12);
      expect(g.sigmaLnAlpha).toBeCloseTo(1 / (-0.82 + 0.79 * ly), 12);
      expect(g.rho).toBeCloseTo(0.784 - 0.023 * ly, 12);
    }
  });
  test('radial: core, tail and weight corrections', () => {
    for (const [E, tau] of [[10, 0.3], [100, 1], [500, 2.5]]) {
      const a = radialParams(E, tau, m.z, s), b = radialParams(E, tau, m.z);
      expect(a.rCore - b.rCore).toBeCloseTo(-0.0203 * (1 - s.ehat) + (0.0397 / s.fs) * Math.exp(-tau), 12);
      expect(a.rTail - b.rTail).toBeCloseTo(-0.14 * (1 - s.ehat) - (0.495 / s.fs) * Math.exp(-tau), 12);
      expect(b.pCore).toBeLessThan(1); // the homogeneous weight is unclipped at these points
      const expected = b.pCore + (1 - s.ehat) * (0.348 - (0.642 / s.fs) * Math.exp(-((tau - 1) ** 2)));
      expect(a.pCore).toBeCloseTo(Math.min(1, Math.max(0, expected)), 12);
    }
  });
  test('profiles stay physical over the CLIC energy range and depth', () => {
    for (const E of [2, 10, 100, 500])
      for (const tau of [0, 0.5, 1, 2, 4]) {
        const r = radialParams(E, tau, m.z, s);
        expect(r.rCore).toBeGreaterThan(0);
        expect(r.rTail).toBeGreaterThan(r.rCore);
        expect(r.pCore).toBeGreaterThanOrEqual(0);
        expect(r.pCore).toBeLessThanOrEqual(1);
      }
    for (const E of [2, 500]) expect(simpson((t) => longitudinalDensity(t, drawProfile(longitudinalModel(E, m, s))), 1e-9, 150, 30000)).toBeCloseTo(1, 6);
  });
});

describe('the CLIC stack in the generator', () => {
  const cfg = resolveShowerConfig({}), det = detectorOf(cfg), m = det.medium;
  const truth = (E: number, x = 12.5, y = 12.5): ShowerTruth => ({ energy: E, x, y, profile: drawProfile(longitudinalModel(E, m, det.sampling)) });

  test('defaults: 25 layers, ≈ 23 X0 deep, 5.1 mm cells, 2–500 GeV at normal incidence', () => {
    expect(cfg.geometry).toBe('clic');
    expect(det.layers).toHaveLength(25);
    expect(det.layers[24].t1).toBeCloseTo(17 * (0.24 / 0.3504 + 0.05 / 9.37) + 8 * (0.48 / 0.3504 + 0.05 / 9.37), 10); // 22.74 X0
    expect(cfg.cellRM * m.rmCm).toBeCloseTo(0.51, 12);
    expect(cfg).toMatchObject({ energyGeV: [2, 500], angleDeg: 0, noiseGeV: 0, stochastic: 0.166 });
    expect(det.layers[20].a2 / det.layers[0].a2).toBeCloseTo(2, 12); // sampling term × √2 behind 4.8 mm of W
  });

  test('longitudinal × radial over an infinite face = E × the longitudinal containment of the 25 layers', () => {
    const wide = resolveShowerConfig({ cells: [3, 3, 25], cellRM: 1e5 });
    for (const E of [2, 60, 500]) {
      const t = truth(E, 1.5, 1.5), total = meanDeposits(t, wide).reduce((a, b) => a + b, 0);
      expect(total / E).toBeCloseTo(longitudinalFraction(0, det.layers[24].t1, t.profile), 8);
    }
  });

  test('on the 25 × 25 face the deposits match the profiles integrated independently, layer by layer', () => {
    const E = 80, x = 12.2, y = 12.9, t = truth(E, x, y), dep = meanDeposits(t, cfg), cw = cfg.cellRM;
    const alphaMean = Math.exp(longitudinalModel(E, m, det.sampling).meanLnAlpha);
    let expected = 0;
    det.layers.forEach((l) => {
      const lf = simpson((s) => longitudinalDensity(s, t.profile), Math.max(l.t0, 1e-12), l.t1, 400);
      const tau = (((l.t0 + l.t1) / 2) * t.profile.beta / t.profile.alpha) * (alphaMean / (alphaMean - 1));
      const rp = radialParams(E, tau, m.z, det.sampling);
      const box = (R: number) => rectangleFraction(-x * cw, (25 - x) * cw, -y * cw, (25 - y) * cw, R);
      expected += E * lf * (rp.pCore * box(rp.rCore) + (1 - rp.pCore) * box(rp.rTail));
    });
    const total = dep.reduce((a, b) => a + b, 0);
    expect(Math.abs(total - expected) / E).toBeLessThan(1e-6);
    expect(total / E).toBeGreaterThan(0.9);
  });

  test('images are the visible energy: Σ_k ê f_mip,k × layer deposits, exactly, without fluctuations', () => {
    const c = { cells: [7, 7, 25] as [number, number, number], cellRM: 1, stochastic: 0, fluctuateProfiles: false, energyGeV: [40, 40] as [number, number], impactSpreadCells: 0 };
    const s = generateShowers(c, 1, 4), d = meanDeposits(s.truth[0], resolveShowerConfig(c));
    let visible = 0;
    det.layers.forEach((l, k) => { for (let i = 0; i < 49; i++) visible += l.visible * d[k * 49 + i]; });
    expect(s.images.reduce((a, b) => a + b, 0)).toBeCloseTo(visible, 4);
    expect(det.layers[0].visible).toBeCloseTo((1 / 1.42) * mipSamplingFraction(clicLayer(0.24)), 12);
  });

  test('each section fluctuates with its own sampling term: Var(image sum) = Σ_sections f² a² E_section', () => {
    const N = 300, E = 50, c = { cells: [5, 5, 25] as [number, number, number], cellRM: 2, fluctuateProfiles: false, energyGeV: [E, E] as [number, number], impactSpreadCells: 0 };
    const s = generateShowers(c, N, 9), sums = Array.from({ length: N }, (_, e) => s.images.subarray(e * 25, (e + 1) * 25).reduce((a, b) => a + b, 0));
    const d = meanDeposits(s.truth[0], resolveShowerConfig(c));
    let mean = 0, variance = 0;
    det.layers.forEach((l, k) => {
      const ek = d.subarray(k * 25, (k + 1) * 25).reduce((a, b) => a + b, 0);
      mean += l.visible * ek;
      variance += l.visible ** 2 * l.a2 * ek;
    });
    const m1 = sums.reduce((a, b) => a + b, 0) / N, sd = Math.sqrt(sums.reduce((a, b) => a + (b - m1) ** 2, 0) / (N - 1));
    expect(Math.abs(m1 - mean)).toBeLessThan((4 * Math.sqrt(variance)) / Math.sqrt(N));
    expect(Math.abs(sd / Math.sqrt(variance) - 1)).toBeLessThan(4 / Math.sqrt(2 * N));
  });

  test('config: the homogeneous-only fields, too many layers and unknown geometries are refused', () => {
    expect(() => resolveShowerConfig({ material: 'W' })).toThrow(/material applies to the homogeneous geometry/);
    expect(() => resolveShowerConfig({ cellX0: 2 })).toThrow(/cellX0 applies/);
    expect(() => resolveShowerConfig({ cells: [25, 25, 30] })).toThrow(/25 layers; got 30/);
    expect(() => resolveShowerConfig({ geometry: 'lead' as never })).toThrow(/geometry must be one of clic, pbwo4/);
    expect(resolveShowerConfig({ geometry: 'pbwo4' })).toMatchObject({ material: 'PbWO4', cellRM: 0.25, cellX0: 1, energyGeV: [10, 100] });
  });
});
