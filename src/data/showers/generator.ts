/**
 * Electron showers in a box of nx × ny × nz cells (default 25³) of a calorimeter geometry (geometry.ts) from the GFLASH
 * profiles (profiles.ts), without tracking particles: per event, draw E, the impact point and the shower's own (T, α);
 * integrate the Gamma profile over each layer (incomplete gamma) and the two-component radial profile over each cell
 * (closed form), which gives the mean deposit per cell; then add sampling fluctuations (compound Poisson with the
 * layer's stochastic term a: Var = a²·E per cell, so σ_E/E = a/√E — the mean and variance of GFLASH's per-deposit Gamma
 * rule, Geant4 GFlashSamplingShowerParameterisation::ApplySampling), keep the layer's visible fraction, and add
 * Gaussian electronic noise σ_noise per cell. Cells are (x, y) transverse, z along the beam. Images are stored
 * row-major [row = y][col = x], row 0 at the top.
 */
import { ConfigError } from '../../errors';
import { createRng, deriveSeed, Rng } from '../../rng';
import { poisson } from '../../stats/poisson';
import { resolveShowerConfig, ShowerConfig } from './config';
import { Detector, detectorOf } from './geometry';
import { drawProfile, GammaProfile, longitudinalFraction, longitudinalModel, radialParams, tauOf } from './profiles';

export { DEFAULT_SHOWER_CONFIG, GEOMETRY_NAMES, resolveShowerConfig, SHOWER_GEOMETRY_PRESETS, type GeometryName, type ShowerConfig } from './config';

const INV_2PI = 1 / (2 * Math.PI);

/** The event-level truth: energy, impact point (cells, from the grid corner) and the shower's Gamma profile. */
export interface ShowerTruth {
  energy: number;
  x: number;
  y: number;
  profile: GammaProfile;
}

export function drawTruth(cfg: ShowerConfig, rng: Rng, det: Detector = detectorOf(cfg)): ShowerTruth {
  const [e0, e1] = cfg.energyGeV;
  const u = rng.uniform();
  const energy = cfg.spectrum === 'uniform' ? e0 + u * (e1 - e0) : e0 * (e1 / e0) ** u;
  const s = cfg.impactSpreadCells;
  const x = cfg.cells[0] / 2 + s * (2 * rng.uniform() - 1), y = cfg.cells[1] / 2 + s * (2 * rng.uniform() - 1);
  return { energy, x, y, profile: drawProfile(longitudinalModel(energy, det.medium, det.sampling), cfg.fluctuateProfiles ? rng : undefined) };
}

/**
 * Mean deposit (GeV, before the visible fraction) of every cell for one shower (cell fractions from profiles.ts
 * `quadrantFraction` corners), [nz][ny][nx] flattened, before fluctuations. Layer k spans depths [t0_k, t1_k) X0 along
 * z; along the inclined axis that is t = z/cos θ. The radial profile is taken in the layer plane at the axis point of
 * mid-layer (a small-angle approximation). Deposits outside the box are lost (leakage).
 */
export function meanDeposits(truth: ShowerTruth, cfg: ShowerConfig, det: Detector = detectorOf(cfg)): Float64Array {
  const [nx, ny, nz] = cfg.cells, cw = cfg.cellRM, E = truth.energy, g = truth.profile, mat = det.medium;
  const out = new Float64Array(nx * ny * nz);
  const cosT = Math.cos((cfg.angleDeg * Math.PI) / 180), tanT = Math.tan((cfg.angleDeg * Math.PI) / 180);
  const alphaMean = Math.exp(longitudinalModel(E, mat, det.sampling).meanLnAlpha);
  const qx = new Float64Array((nx + 1) * (ny + 1));
  const ax = new Float64Array(nx + 1), sx = new Float64Array(nx + 1), by = new Float64Array(ny + 1), sy = new Float64Array(ny + 1);
  for (let k = 0; k < nz; k++) {
    const z0 = det.layers[k].t0, z1 = det.layers[k].t1;
    const ek = E * longitudinalFraction(z0 / cosT, z1 / cosT, g);
    if (ek < E * 1e-12) continue;
    const zm = (z0 + z1) / 2;
    const rp = radialParams(E, tauOf(zm / cosT, g, alphaMean), mat.z, det.sampling);
    // Axis position in this layer, in R_M from the grid corner (lateral shift z·tanθ X0 → R_M).
    const cx = truth.x * cw + zm * tanT * (mat.x0Cm / mat.rmCm), cy = truth.y * cw;
    for (const [R, w] of [[rp.rCore, rp.pCore], [rp.rTail, 1 - rp.pCore]] as const) {
      if (w <= 0) continue;
      // quadrantFraction(a_i, b_j, R) with the per-edge square roots hoisted out of the corner loop.
      for (let i = 0; i <= nx; i++) {
        const a = i * cw - cx;
        ax[i] = a;
        sx[i] = 1 / Math.sqrt(a * a + R * R);
      }
      for (let j = 0; j <= ny; j++) {
        const b = j * cw - cy;
        by[j] = b;
        sy[j] = 1 / Math.sqrt(b * b + R * R);
      }
      for (let j = 0; j <= ny; j++)
        for (let i = 0; i <= nx; i++)
          qx[j * (nx + 1) + i] = (ax[i] * sx[i] * Math.atan(by[j] * sx[i]) + by[j] * sy[j] * Math.atan(ax[i] * sy[j])) * INV_2PI;
      const base = k * nx * ny;
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const f = qx[(j + 1) * (nx + 1) + i + 1] - qx[j * (nx + 1) + i + 1] - qx[(j + 1) * (nx + 1) + i] + qx[j * (nx + 1) + i];
          out[base + j * nx + i] += ek * w * f;
        }
    }
  }
  return out;
}

/** Fluctuated deposit of a cell (or a sum of cells) with mean `m`: a²·Poisson(m/a²) (m itself when a = 0). */
function fluctuate(m: number, a2: number, rng: Rng): number {
  return a2 > 0 ? a2 * poisson(m / a2, rng) : m;
}

/** One full event: recorded (visible, fluctuated, noisy) deposits of every cell, [nz][ny][nx] flattened (GeV). */
export function showerEvent3d(truth: ShowerTruth, cfg: ShowerConfig, rng: Rng, det: Detector = detectorOf(cfg)): Float64Array {
  const m = meanDeposits(truth, cfg, det), per = cfg.cells[0] * cfg.cells[1];
  for (let c = 0; c < m.length; c++) {
    const l = det.layers[Math.floor(c / per)];
    m[c] = l.visible * fluctuate(m[c], l.a2, rng);
    if (cfg.noiseGeV > 0) m[c] += cfg.noiseGeV * rng.normal();
  }
  return m;
}

export interface ShowerSample {
  config: ShowerConfig;
  nEvents: number;
  truth: ShowerTruth[];
  /** Depth-summed recorded (visible) deposits per event, [nEvents][ny][nx] row-major (GeV). */
  images: Float32Array;
}

/** Layers that share a visible fraction and a sampling term: their deposits in a column fluctuate as one sum. */
function layerGroups(det: Detector): { visible: number; a2: number; layers: number[] }[] {
  const groups: { visible: number; a2: number; layers: number[] }[] = [];
  det.layers.forEach((l, k) => {
    const g = groups.find((x) => x.visible === l.visible && x.a2 === l.a2);
    if (g) g.layers.push(k);
    else groups.push({ visible: l.visible, a2: l.a2, layers: [k] });
  });
  return groups;
}

/**
 * `nEvents` showers projected on the face (recorded deposits summed over depth). Compound-Poisson deposits with the
 * same quantum a² add to a compound Poisson of the summed mean, and Gaussian noise adds to σ·√nz, so each column is
 * drawn per group of alike layers (one group for a homogeneous calorimeter, two for the CLIC stack): exactly the
 * distribution of the summed 3-D event, far cheaper.
 */
export function generateShowers(cfgIn: Partial<ShowerConfig>, nEvents: number, seed: number): ShowerSample {
  const cfg = resolveShowerConfig(cfgIn);
  if (!Number.isInteger(nEvents) || nEvents < 1 || nEvents > 1e6) throw new ConfigError(`showers: events must be an integer in 1..10^6, got ${nEvents}`);
  const [nx, ny, nz] = cfg.cells, det = detectorOf(cfg), groups = layerGroups(det);
  const rng = createRng(deriveSeed(seed, 'showers'));
  const images = new Float32Array(nEvents * nx * ny), truth: ShowerTruth[] = [];
  const colNoise = cfg.noiseGeV * Math.sqrt(nz);
  for (let e = 0; e < nEvents; e++) {
    const t = drawTruth(cfg, rng, det);
    truth.push(t);
    const m = meanDeposits(t, cfg, det), off = e * nx * ny;
    for (let c = 0; c < nx * ny; c++) {
      let v = 0;
      for (const g of groups) {
        let col = 0;
        for (const k of g.layers) col += m[k * nx * ny + c];
        v += g.visible * fluctuate(col, g.a2, rng);
      }
      images[off + c] = colNoise > 0 ? v + colNoise * rng.normal() : v;
    }
  }
  return { config: cfg, nEvents, truth, images };
}
