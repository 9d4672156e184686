/**
 * Electromagnetic shower profiles of the GFLASH parametrisation: G. Grindhammer, S. Peters, "The parameterized
 * simulation of electromagnetic showers in homogeneous and sampling calorimeters", arXiv:hep-ex/0001020 (1993), with the
 * coefficient values of Geant4's GFlash tunings (GVFlashHomoShowerTuning.hh for homogeneous media,
 * GFlashSamplingShowerTuning.hh for the sampling corrections); and the PDG review "Passage of particles through matter"
 * (Gamma profile, t_max = ln(E0/Ec) + Cj). Depth t in radiation lengths X0, radius r in Molière radii R_M, energies in GeV.
 */
import { gammaP, lnGamma } from '../../stats/special';
import { Rng } from '../../rng';

/** Material constants; sources named per material. */
export interface Material {
  name: string;
  /** Radiation length, cm. */ x0Cm: number;
  /** Molière radius, cm. */ rmCm: number;
  /** Critical energy for electrons, GeV. */ ecGeV: number;
  /** Effective Z (mass-fraction weighted, as GFLASH uses for compounds). */ z: number;
  /** g/cm³. */ density: number;
  /** Minimum-ionisation stopping power, MeV cm²/g (sampling fractions of a mip). */ mipDEdx?: number;
  source: string;
}

// Values of the PDG "Atomic and Nuclear Properties of Materials" tables (pdg.lbl.gov/AtomicNuclearProperties);
// Z_eff of PbWO4 = Σ w_i Z_i with mass fractions Pb 0.4553, W 0.4040, O 0.1406.
export const MATERIALS: Record<'PbWO4' | 'W' | 'Si', Material> = {
  PbWO4: { name: 'PbWO4 (lead tungstate)', x0Cm: 0.8903, rmCm: 1.959, ecGeV: 0.00964, z: 68.36, density: 8.3, source: 'PDG Atomic and Nuclear Properties: lead tungstate (X0 = 7.39 g/cm², R_M = 1.959 cm, Ec(e−) = 9.64 MeV)' },
  W: { name: 'W (tungsten)', x0Cm: 0.3504, rmCm: 0.9327, ecGeV: 0.00797, z: 74, density: 19.3, mipDEdx: 1.145, source: 'PDG Atomic and Nuclear Properties: tungsten (X0 = 6.76 g/cm², R_M = 0.9327 cm, Ec(e−) = 7.97 MeV, ⟨−dE/dx⟩min = 1.145 MeV cm²/g)' },
  Si: { name: 'Si (silicon)', x0Cm: 9.370, rmCm: 4.944, ecGeV: 0.04019, z: 14, density: 2.329, mipDEdx: 1.664, source: 'PDG Atomic and Nuclear Properties: silicon (X0 = 21.82 g/cm², R_M = 4.944 cm, Ec(e−) = 40.19 MeV, ⟨−dE/dx⟩min = 1.664 MeV cm²/g)' },
};

/**
 * What GFLASH needs to know about a sampling structure (hep-ex/0001020, sampling calorimeters): the sampling frequency
 * F_S = X0_eff/(d_a + d_p) (sampling layers per radiation length) and ê = e/mip = 1/(1 + 0.007 (Z_p − Z_a)).
 * Homogeneous media have none (null).
 */
export interface SamplingCorrection {
  fs: number;
  ehat: number;
}

/** Sampling corrections of the longitudinal model (Geant4 GFlashSamplingShowerTuning, after hep-ex/0001020):
 * T_sam = T_hom + t1/F_S + t2 (1 − ê), α_sam = α_hom + a1/F_S, σ(ln T) = 1/(−2.5 + 1.25 ln y),
 * σ(ln α) = 1/(−0.82 + 0.79 ln y), ρ = 0.784 − 0.023 ln y. */
export const GFLASH_SAMPLING_LONGITUDINAL = { t1: -0.55, t2: -0.69, a1: -0.476, sigT: [-2.5, 1.25], sigA: [-0.82, 0.79], rho: [0.784, -0.023] } as const;

/** Sampling corrections of the radial model (same source): R_C += c1 (1 − ê) + c2/F_S e^{−τ},
 * R_T += t1 (1 − ê) + t2/F_S e^{−τ}, p += (1 − ê)(w1 + w2/F_S e^{−(τ−1)²}). */
export const GFLASH_SAMPLING_RADIAL = { c1: -0.0203, c2: 0.0397, t1: -0.14, t2: -0.495, w1: 0.348, w2: -0.642 } as const;

/** Gaussian model of (ln T, ln α) of individual showers, GFLASH homogeneous media (hep-ex/0001020 §2.2). */
export interface LongitudinalModel {
  meanLnT: number;
  meanLnAlpha: number;
  sigmaLnT: number;
  sigmaLnAlpha: number;
  rho: number;
}

/** ⟨ln T⟩ = ln(ln y − 0.812), ⟨ln α⟩ = ln(0.81 + (0.458 + 2.26/Z) ln y), σ(ln T) = 1/(−1.4 + 1.26 ln y),
 * σ(ln α) = 1/(−0.58 + 0.86 ln y), ρ = 0.705 − 0.023 ln y, with y = E/Ec. Valid for ln y well above ~1.1. With a
 * sampling structure, the means shift and the widths change as in GFLASH_SAMPLING_LONGITUDINAL (the visible-energy
 * profile of the sampling calorimeter; y = E/Ec_eff and Z = Z_eff of the effective medium). */
export function longitudinalModel(eGeV: number, mat: Material, sampling: SamplingCorrection | null = null): LongitudinalModel {
  const ly = Math.log(eGeV / mat.ecGeV);
  const tHom = ly - 0.812, aHom = 0.81 + (0.458 + 2.26 / mat.z) * ly;
  if (!sampling) return { meanLnT: Math.log(tHom), meanLnAlpha: Math.log(aHom), sigmaLnT: 1 / (-1.4 + 1.26 * ly), sigmaLnAlpha: 1 / (-0.58 + 0.86 * ly), rho: 0.705 - 0.023 * ly };
  const c = GFLASH_SAMPLING_LONGITUDINAL, invFs = 1 / sampling.fs;
  return {
    meanLnT: Math.log(tHom + c.t1 * invFs + c.t2 * (1 - sampling.ehat)),
    meanLnAlpha: Math.log(aHom + c.a1 * invFs),
    sigmaLnT: 1 / (c.sigT[0] + c.sigT[1] * ly),
    sigmaLnAlpha: 1 / (c.sigA[0] + c.sigA[1] * ly),
    rho: c.rho[0] + c.rho[1] * ly,
  };
}

/** Parameters of one shower's Gamma profile: α (shape), β (per X0), T = (α − 1)/β (depth of the maximum). */
export interface GammaProfile {
  alpha: number;
  beta: number;
  tmax: number;
}

/** One shower's (T, α): correlated normals in (ln T, ln α) (GFLASH), or their means when `rng` is absent. */
export function drawProfile(m: LongitudinalModel, rng?: Rng): GammaProfile {
  for (;;) {
    let z1 = 0, z2 = 0;
    if (rng) {
      z1 = rng.normal();
      z2 = rng.normal();
    }
    // Correlation ρ between ln T and ln α through the symmetric split √((1±ρ)/2), as in GFLASH.
    const c1 = Math.sqrt((1 + m.rho) / 2), c2 = Math.sqrt((1 - m.rho) / 2);
    const tmax = Math.exp(m.meanLnT + m.sigmaLnT * (c1 * z1 + c2 * z2));
    const alpha = Math.exp(m.meanLnAlpha + m.sigmaLnAlpha * (c1 * z1 - c2 * z2));
    // α ≤ 1 has no maximum (β ≤ 0); such draws are many σ out at the energies allowed here and are redrawn.
    if (alpha > 1.05 || !rng) return { alpha, beta: (alpha - 1) / tmax, tmax };
  }
}

/** (1/E) dE/dt = β (βt)^{α−1} e^{−βt} / Γ(α), per X0. */
export function longitudinalDensity(t: number, g: GammaProfile): number {
  if (t <= 0) return 0;
  return Math.exp(Math.log(g.beta) + (g.alpha - 1) * Math.log(g.beta * t) - g.beta * t - lnGamma(g.alpha));
}

/** Fraction of the energy deposited between depths t0 < t1 (X0): P(α, βt1) − P(α, βt0). */
export function longitudinalFraction(t0: number, t1: number, g: GammaProfile): number {
  return gammaP(g.alpha, g.beta * t1) - gammaP(g.alpha, g.beta * t0);
}

/** Radial parameters at depth τ (in units of the shower maximum) for energy E: core radius, tail radius (R_M) and
 * the core weight p, GFLASH homogeneous-media formulas (hep-ex/0001020 §2.3). */
export interface RadialParams {
  rCore: number;
  rTail: number;
  pCore: number;
}

export function radialParams(eGeV: number, tau: number, z: number, sampling: SamplingCorrection | null = null): RadialParams {
  const lnE = Math.log(eGeV);
  const z1 = 0.0251 + 0.00319 * lnE, z2 = 0.1162 - 0.000381 * z;
  const k1 = 0.659 - 0.00309 * z, k2 = 0.645, k3 = -2.59, k4 = 0.3585 + 0.0412 * lnE;
  const p1 = 2.632 - 0.00094 * z, p2 = 0.401 + 0.00187 * z, p3 = 1.313 - 0.0686 * lnE;
  const u = (p2 - tau) / p3;
  let rCore = z1 + z2 * tau, rTail = k1 * (Math.exp(k3 * (tau - k2)) + Math.exp(k4 * (tau - k2))), p = p1 * Math.exp(u - Math.exp(u));
  if (sampling) {
    const c = GFLASH_SAMPLING_RADIAL, invFs = 1 / sampling.fs, dE = 1 - sampling.ehat;
    rCore += c.c1 * dE + c.c2 * invFs * Math.exp(-tau);
    rTail += c.t1 * dE + c.t2 * invFs * Math.exp(-tau);
    p += dE * (c.w1 + c.w2 * invFs * Math.exp(-((tau - 1) ** 2)));
  }
  // The paper's p(τ) can exceed 1 for some (E, τ); it is a mixing weight, so it is clipped to [0, 1].
  return { rCore, rTail, pCore: Math.min(1, Math.max(0, p)) };
}

/**
 * τ of depth t for one fluctuated shower: t/⟨t⟩_i · ᾱ/(ᾱ − 1), with ⟨t⟩_i = α_i/β_i its centre of gravity and ᾱ the
 * mean-profile α, which reduces to t/T for the mean profile (the GFLASH prescription for fluctuated profiles).
 */
export function tauOf(t: number, g: GammaProfile, alphaMean: number): number {
  return ((t * g.beta) / g.alpha) * (alphaMean / (alphaMean - 1));
}

/** One radial component, f(r) = 2 r R² / (r² + R²)² per R_M (integrates to 1 over r ∈ [0, ∞)). */
export const radialDensity = (r: number, R: number): number => (2 * r * R * R) / (r * r + R * R) ** 2;

/** Its cumulative, F(r) = r² / (r² + R²). */
export const radialCdf = (r: number, R: number): number => (r * r) / (r * r + R * R);

/**
 * Fraction of one radial component inside the quadrant rectangle [0, a] × [0, b] of the transverse plane (signed in a
 * and b), from the planar density R²/(π (x² + y² + R²)²):
 *   Q(a, b) = (1/2π) [a/√(a²+R²) · atan(b/√(a²+R²)) + b/√(b²+R²) · atan(a/√(b²+R²))].
 */
export function quadrantFraction(a: number, b: number, R: number): number {
  const sa = 1 / Math.sqrt(a * a + R * R), sb = 1 / Math.sqrt(b * b + R * R);
  return (a * sa * Math.atan(b * sa) + b * sb * Math.atan(a * sb)) / (2 * Math.PI);
}

/** Fraction of one radial component (centred at the origin) in the rectangle [x0, x1] × [y0, y1] (R_M units). */
export function rectangleFraction(x0: number, x1: number, y0: number, y1: number, R: number): number {
  return quadrantFraction(x1, y1, R) - quadrantFraction(x0, y1, R) - quadrantFraction(x1, y0, R) + quadrantFraction(x0, y0, R);
}
