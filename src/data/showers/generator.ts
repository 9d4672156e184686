/**
 * Electron showers in a box of nx × ny × nz cells (default 25³) from the GFLASH profiles (profiles.ts), without
 * tracking particles: per event, draw E, the impact point and the shower's own (T, α); integrate the Gamma profile
 * over each layer (incomplete gamma) and the two-component radial profile over each cell (closed form), which gives
 * the mean deposit per cell; then add sampling fluctuations (compound Poisson with stochastic term a: Var = a²·E per
 * cell, so σ_E/E = a/√E) and Gaussian electronic noise σ_noise per cell. Cells are (x, y) transverse, z along the beam.
 * Images are stored row-major [row = y][col = x], row 0 at the top.
 */
import { ConfigError } from '../../errors';
import { createRng, deriveSeed, Rng } from '../../rng';
import { poisson } from '../special';
import { drawProfile, GammaProfile, longitudinalFraction, longitudinalModel, Material, MATERIALS, radialParams, tauOf } from './profiles';

export interface ShowerConfig {
  /** @default 'PbWO4' */ material: keyof typeof MATERIALS;
  /** Cells along x, y, z. @default [25, 25, 25] */ cells: [number, number, number];
  /** Transverse cell size in Molière radii. @default 0.25 */ cellRM: number;
  /** Longitudinal cell size in radiation lengths. @default 1 */ cellX0: number;
  /** Electron energy range, GeV. @default [10, 100] */ energyGeV: [number, number];
  /** @default 'uniform' */ spectrum: 'uniform' | 'log-uniform';
  /** Angle of incidence to the z axis, in the x–z plane, degrees. @default 0 */ angleDeg: number;
  /** Impact point uniform in ± this many cells around the face centre, in x and y. @default 2 */ impactSpreadCells: number;
  /** Stochastic term a (√GeV) of σ_E/E = a/√E; the default is the CMS PbWO4 barrel test-beam value (CMS ECAL group,
   * "Energy resolution of the barrel of the CMS electromagnetic calorimeter", JINST 2 (2007) P04004). @default 0.028 */ stochastic: number;
  /** Electronic noise per cell, GeV (a free choice: our cells are far smaller than CMS crystals). @default 0.002 */ noiseGeV: number;
  /** Fluctuate (T, α) shower by shower (GFLASH correlated log-normals). @default true */ fluctuateProfiles: boolean;
}

export const DEFAULT_SHOWER_CONFIG: ShowerConfig = {
  material: 'PbWO4', cells: [25, 25, 25], cellRM: 0.25, cellX0: 1, energyGeV: [10, 100], spectrum: 'uniform',
  angleDeg: 0, impactSpreadCells: 2, stochastic: 0.028, noiseGeV: 0.002, fluctuateProfiles: true,
};

/** Merges and validates a partial config. */
export function resolveShowerConfig(c: Partial<ShowerConfig> = {}): ShowerConfig {
  const r = { ...DEFAULT_SHOWER_CONFIG, ...c };
  const bad = (m: string) => { throw new ConfigError(`showers: ${m}`); };
  if (!MATERIALS[r.material]) bad(`unknown material "${r.material}" (known: ${Object.keys(MATERIALS).join(', ')})`);
  if (r.cells.length !== 3 || r.cells.some((v) => !Number.isInteger(v) || v < 1 || v > 200)) bad(`cells must be three integers in 1..200, got [${r.cells}]`);
  if (!(r.cellRM > 0 && r.cellX0 > 0)) bad(`cell sizes must be positive, got ${r.cellRM} R_M × ${r.cellX0} X0`);
  const [e0, e1] = r.energyGeV;
  if (!(e0 >= 1 && e1 >= e0 && e1 <= 1000)) bad(`energy range must satisfy 1 ≤ Emin ≤ Emax ≤ 1000 GeV (GFLASH fit range), got [${e0}, ${e1}]`);
  if (r.spectrum !== 'uniform' && r.spectrum !== 'log-uniform') bad(`spectrum must be uniform or log-uniform, got "${r.spectrum}"`);
  if (!(Math.abs(r.angleDeg) < 60)) bad(`angle must be in (−60°, 60°), got ${r.angleDeg}`);
  if (!(r.impactSpreadCells >= 0 && r.stochastic >= 0 && r.noiseGeV >= 0)) bad('impact spread, stochastic term and noise must be ≥ 0');
  return r;
}

const INV_2PI = 1 / (2 * Math.PI);

/** The event-level truth: energy, impact point (cells, from the grid corner) and the shower's Gamma profile. */
export interface ShowerTruth {
  energy: number;
  x: number;
  y: number;
  profile: GammaProfile;
}

export function drawTruth(cfg: ShowerConfig, rng: Rng): ShowerTruth {
  const [e0, e1] = cfg.energyGeV, mat = MATERIALS[cfg.material];
  const u = rng.uniform();
  const energy = cfg.spectrum === 'uniform' ? e0 + u * (e1 - e0) : e0 * (e1 / e0) ** u;
  const s = cfg.impactSpreadCells;
  const x = cfg.cells[0] / 2 + s * (2 * rng.uniform() - 1), y = cfg.cells[1] / 2 + s * (2 * rng.uniform() - 1);
  return { energy, x, y, profile: drawProfile(longitudinalModel(energy, mat), cfg.fluctuateProfiles ? rng : undefined) };
}

/**
 * Mean deposit (GeV) of every cell for one shower (cell fractions from profiles.ts `quadrantFraction` corners), [nz][ny][nx] flattened, before fluctuations. Layer k spans depths
 * [k, k+1)·cellX0 along z; along the inclined axis that is t = z/cos θ. The radial profile is taken in the layer plane
 * at the axis point of mid-layer (a small-angle approximation). Deposits outside the box are lost (leakage).
 */
export function meanDeposits(truth: ShowerTruth, cfg: ShowerConfig, mat: Material = MATERIALS[cfg.material]): Float64Array {
  const [nx, ny, nz] = cfg.cells, cw = cfg.cellRM, E = truth.energy, g = truth.profile;
  const out = new Float64Array(nx * ny * nz);
  const cosT = Math.cos((cfg.angleDeg * Math.PI) / 180), tanT = Math.tan((cfg.angleDeg * Math.PI) / 180);
  const alphaMean = Math.exp(longitudinalModel(E, mat).meanLnAlpha);
  const qx = new Float64Array((nx + 1) * (ny + 1));
  const ax = new Float64Array(nx + 1), sx = new Float64Array(nx + 1), by = new Float64Array(ny + 1), sy = new Float64Array(ny + 1);
  for (let k = 0; k < nz; k++) {
    const z0 = k * cfg.cellX0, z1 = z0 + cfg.cellX0;
    const ek = E * longitudinalFraction(z0 / cosT, z1 / cosT, g);
    if (ek < E * 1e-12) continue;
    const zm = (z0 + z1) / 2;
    const rp = radialParams(E, tauOf(zm / cosT, g, alphaMean), mat.z);
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

/** Fluctuated deposit of a cell (or a sum of cells) with mean `m` and noise σ: a²·Poisson(m/a²) + N(0, σ²). */
function fluctuate(m: number, a2: number, noise: number, rng: Rng): number {
  const s = a2 > 0 ? a2 * poisson(m / a2, rng) : m;
  return noise > 0 ? s + noise * rng.normal() : s;
}

/** One full event: fluctuated deposits of every cell, [nz][ny][nx] flattened (GeV). */
export function showerEvent3d(truth: ShowerTruth, cfg: ShowerConfig, rng: Rng): Float64Array {
  const m = meanDeposits(truth, cfg), a2 = cfg.stochastic ** 2;
  for (let c = 0; c < m.length; c++) m[c] = fluctuate(m[c], a2, cfg.noiseGeV, rng);
  return m;
}

export interface ShowerSample {
  config: ShowerConfig;
  nEvents: number;
  truth: ShowerTruth[];
  /** Depth-summed deposits per event, [nEvents][ny][nx] row-major (GeV). */
  images: Float32Array;
}

/**
 * `nEvents` showers projected on the face (deposits summed over depth). Summing per-cell compound-Poisson deposits
 * and Gaussian noise over the nz cells of a column gives a compound Poisson of the summed mean and noise σ·√nz, so the
 * projection is drawn per column directly: exactly the distribution of the summed 3-D event, nz times cheaper.
 */
export function generateShowers(cfgIn: Partial<ShowerConfig>, nEvents: number, seed: number): ShowerSample {
  const cfg = resolveShowerConfig(cfgIn);
  if (!Number.isInteger(nEvents) || nEvents < 1 || nEvents > 1e6) throw new ConfigError(`showers: events must be an integer in 1..10^6, got ${nEvents}`);
  const [nx, ny, nz] = cfg.cells, mat = MATERIALS[cfg.material];
  const rng = createRng(deriveSeed(seed, 'showers'));
  const images = new Float32Array(nEvents * nx * ny), truth: ShowerTruth[] = [];
  const a2 = cfg.stochastic ** 2, colNoise = cfg.noiseGeV * Math.sqrt(nz);
  for (let e = 0; e < nEvents; e++) {
    const t = drawTruth(cfg, rng);
    truth.push(t);
    const m = meanDeposits(t, cfg, mat), off = e * nx * ny;
    for (let c = 0; c < nx * ny; c++) {
      let col = 0;
      for (let k = 0; k < nz; k++) col += m[k * nx * ny + c];
      images[off + c] = fluctuate(col, a2, colNoise, rng);
    }
  }
  return { config: cfg, nEvents, truth, images };
}
