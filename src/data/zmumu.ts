/**
 * A Z→μμ-like dimuon invariant-mass toy (not real data): a relativistic Breit–Wigner in m² with the PDG Z mass and
 * width (m_Z = 91.1876 GeV, Γ_Z = 2.4952 GeV; R. L. Workman et al. (Particle Data Group), PTEP 2022, 083C01, Z boson
 * listing), smeared by a Gaussian detector resolution, plus a falling Drell–Yan-like exponential background, all inside a
 * mass window. Sampling: s = m_Z² + m_Z Γ_Z tan(π(u − ½)) gives density ∝ 1/((s − m_Z²)² + m_Z² Γ_Z²) in s; window
 * by rejection; background by inverse CDF of the truncated exponential.
 */
import { ConfigError } from '../errors';
import { createRng, deriveSeed } from '../rng';

export const PDG_Z_MASS_GEV = 91.1876;
export const PDG_Z_WIDTH_GEV = 2.4952;
export const PDG_CITATION = 'R. L. Workman et al. (Particle Data Group), Prog. Theor. Exp. Phys. 2022, 083C01: Z boson mass 91.1876 GeV, width 2.4952 GeV';

export interface ZmumuConfig {
  /** @default [60, 120] GeV */ window: [number, number];
  /** Gaussian mass resolution, GeV. @default 1.5 */ resolutionGeV: number;
  /** Fraction of background events. @default 0.1 */ backgroundFraction: number;
  /** Background ∝ exp(−m/slope), slope in GeV. @default 25 */ backgroundSlopeGeV: number;
  /** @default PDG values */ massGeV: number;
  widthGeV: number;
}

export const DEFAULT_ZMUMU: ZmumuConfig = { window: [60, 120], resolutionGeV: 1.5, backgroundFraction: 0.1, backgroundSlopeGeV: 25, massGeV: PDG_Z_MASS_GEV, widthGeV: PDG_Z_WIDTH_GEV };

export function resolveZmumuConfig(c: Partial<ZmumuConfig> = {}): ZmumuConfig {
  const r = { ...DEFAULT_ZMUMU, ...c };
  const [lo, hi] = r.window;
  if (!(lo >= 0 && hi > lo && Number.isFinite(hi))) throw new ConfigError(`zmumu: window must satisfy 0 ≤ lo < hi, got [${lo}, ${hi}]`);
  if (!(r.resolutionGeV >= 0)) throw new ConfigError(`zmumu: resolution must be ≥ 0, got ${r.resolutionGeV}`);
  if (!(r.backgroundFraction >= 0 && r.backgroundFraction <= 1)) throw new ConfigError(`zmumu: background fraction must be in [0, 1], got ${r.backgroundFraction}`);
  if (!(r.backgroundSlopeGeV > 0 && r.massGeV > 0 && r.widthGeV > 0)) throw new ConfigError('zmumu: slope, mass and width must be positive');
  return r;
}

/** `nEvents` dimuon masses (GeV) inside the window; also which were signal. Seeded. */
export function generateZmumu(cfgIn: Partial<ZmumuConfig>, nEvents: number, seed: number): { mass: Float64Array; signal: Uint8Array; config: ZmumuConfig } {
  const cfg = resolveZmumuConfig(cfgIn);
  if (!Number.isInteger(nEvents) || nEvents < 1 || nEvents > 1e7) throw new ConfigError(`zmumu: events must be an integer in 1..10^7, got ${nEvents}`);
  const rng = createRng(deriveSeed(seed, 'zmumu'));
  const [lo, hi] = cfg.window, M = cfg.massGeV, G = cfg.widthGeV, lam = cfg.backgroundSlopeGeV;
  const mass = new Float64Array(nEvents), signal = new Uint8Array(nEvents);
  const eLo = Math.exp(-lo / lam), eHi = Math.exp(-hi / lam);
  for (let e = 0; e < nEvents; e++) {
    if (rng.uniform() < cfg.backgroundFraction) {
      mass[e] = -lam * Math.log(eLo - rng.uniform() * (eLo - eHi));
      continue;
    }
    signal[e] = 1;
    for (let tries = 0; ; tries++) {
      if (tries > 1e6) throw new ConfigError(`zmumu: the window [${lo}, ${hi}] holds almost none of the peak`);
      const s = M * M + M * G * Math.tan(Math.PI * (rng.uniform() - 0.5));
      if (s <= 0) continue;
      const m = Math.sqrt(s) + cfg.resolutionGeV * rng.normal();
      if (m >= lo && m <= hi) {
        mass[e] = m;
        break;
      }
    }
  }
  return { mass, signal, config: cfg };
}
