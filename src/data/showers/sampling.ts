/**
 * A sampling layer (passive absorber + active sensor + a gap) as GFLASH sees it: one effective medium with mass-fraction
 * weights w_i = ρ_i d_i / Σ ρ_j d_j (Grindhammer & Peters, arXiv:hep-ex/0001020, sampling calorimeters; the same
 * formulas as Geant4's GFlashSamplingShowerParameterisation::ComputeZAX0EFFetc):
 *   Z_eff = Σ w_i Z_i,  ρ_eff = Σ ρ_i d_i / Σ d_i,  1/X0_eff = Σ w_i / X0_i  (X0 in g/cm²),
 *   1/R_M,eff = Σ w_i Ec_i / (X0_i E_s),  Ec_eff = X0_eff Σ w_i Ec_i / X0_i,  E_s = 21.2 MeV,
 *   F_S = X0_eff / (d_a + d_p) (sampling layers per X0),  ê = 1/(1 + 0.007 (Z_p − Z_a)) (e/mip).
 * The gap (readout boards, supports, air) is taken as mass-less: it adds length to Σ d_i, so it lowers ρ_eff and widens
 * X0_eff and R_M,eff in cm while leaving them unchanged in g/cm² (and F_S, a count of layers per X0, unchanged).
 * Thicknesses in cm; energies in GeV.
 */
import { ConfigError } from '../../errors';
import { Material, SamplingCorrection } from './profiles';

/** The scale energy of multiple scattering used by GFLASH for R_M = X0 E_s / Ec, GeV. */
export const E_S_GEV = 0.0212;

/** One sampling layer: a passive absorber of thickness `passiveCm`, an active sensor of `activeCm`, a gap of `gapCm`. */
export interface SamplingLayer {
  passive: Material;
  passiveCm: number;
  active: Material;
  activeCm: number;
  gapCm: number;
}

/** GFLASH's effective medium of a sampling layer (a Material in the same units) with its sampling corrections. */
export interface EffectiveMedium extends Material {
  sampling: SamplingCorrection;
  /** Mass fraction of the passive material. */
  passiveMassFraction: number;
}

const x0Gcm2 = (m: Material) => m.x0Cm * m.density;

/** The effective medium of one sampling layer (formulas in the header). */
export function effectiveMedium(l: SamplingLayer): EffectiveMedium {
  if (!(l.passiveCm > 0 && l.activeCm > 0 && l.gapCm >= 0)) throw new ConfigError(`sampling layer: thicknesses must be positive, got ${l.passiveCm} cm ${l.passive.name} + ${l.activeCm} cm ${l.active.name} + ${l.gapCm} cm gap`);
  const mp = l.passive.density * l.passiveCm, ma = l.active.density * l.activeCm, wp = mp / (mp + ma), wa = ma / (mp + ma);
  const pitch = l.passiveCm + l.activeCm + l.gapCm, density = (mp + ma) / pitch;
  const x0 = 1 / (wp / x0Gcm2(l.passive) + wa / x0Gcm2(l.active)); // g/cm²
  const ecOverX0 = (wp * l.passive.ecGeV) / x0Gcm2(l.passive) + (wa * l.active.ecGeV) / x0Gcm2(l.active); // GeV cm²/g
  const x0Cm = x0 / density;
  return {
    name: `${l.passive.name} ${(10 * l.passiveCm).toFixed(2)} mm + ${l.active.name} ${(10 * l.activeCm).toFixed(2)} mm + ${(10 * l.gapCm).toFixed(2)} mm gap (GFLASH effective medium)`,
    x0Cm,
    rmCm: E_S_GEV / ecOverX0 / density,
    ecGeV: x0 * ecOverX0,
    z: wp * l.passive.z + wa * l.active.z,
    density,
    sampling: { fs: x0Cm / pitch, ehat: 1 / (1 + 0.007 * (l.passive.z - l.active.z)) },
    passiveMassFraction: wp,
    source: `GFLASH effective medium (hep-ex/0001020) of ${l.passive.source}; ${l.active.source}`,
  };
}

/** Thickness of a sampling layer in radiation lengths: d_p/X0_p + d_a/X0_a (radiation lengths add along a path; the
 * mass-less gap adds none). */
export function layerRadiationLengths(l: SamplingLayer): number {
  return l.passiveCm / l.passive.x0Cm + l.activeCm / l.active.x0Cm;
}

/**
 * Fraction of a minimum-ionising particle's energy loss that lands in the active layer:
 * f_mip = d_a ρ_a (dE/dx)_a / (d_a ρ_a (dE/dx)_a + d_p ρ_p (dE/dx)_p). An electromagnetic shower's visible fraction
 * is ê·f_mip (Wigmans, "Calorimetry", e/mip; the ê of GFLASH).
 */
export function mipSamplingFraction(l: SamplingLayer): number {
  const sa = l.active.mipDEdx, sp = l.passive.mipDEdx;
  if (sa === undefined || sp === undefined) throw new ConfigError(`sampling layer: ${l.active.mipDEdx === undefined ? l.active.name : l.passive.name} has no mip stopping power`);
  const ea = l.activeCm * l.active.density * sa, ep = l.passiveCm * l.passive.density * sp;
  return ea / (ea + ep);
}
