/**
 * Derived event columns computed from the columns a file has, by name. The dimuon invariant mass uses the CMS
 * open-data layout (pt1, eta1, phi1, pt2, eta2, phi2; GeV and radians) and muon four-vectors with the PDG muon mass
 * m_μ = 0.1056583755 GeV (PDG 2024): E = √(p² + m²), p = (pT cos φ, pT sin φ, pT sinh η).
 */

export const MUON_MASS_GEV = 0.1056583755;

/** Invariant mass of two particles of mass m given (pT, η, φ) each; GeV. */
export function pairMass(pt1: number, eta1: number, phi1: number, pt2: number, eta2: number, phi2: number, m = MUON_MASS_GEV): number {
  const px1 = pt1 * Math.cos(phi1), py1 = pt1 * Math.sin(phi1), pz1 = pt1 * Math.sinh(eta1);
  const px2 = pt2 * Math.cos(phi2), py2 = pt2 * Math.sin(phi2), pz2 = pt2 * Math.sinh(eta2);
  const e1 = Math.sqrt(px1 * px1 + py1 * py1 + pz1 * pz1 + m * m), e2 = Math.sqrt(px2 * px2 + py2 * py2 + pz2 * pz2 + m * m);
  const e = e1 + e2, px = px1 + px2, py = py1 + py2, pz = pz1 + pz2;
  return Math.sqrt(Math.max(0, e * e - px * px - py * py - pz * pz));
}

export interface DerivedColumn {
  inputs: string[];
  description: string;
  compute(cols: Float64Array[]): Float64Array;
}

export const DERIVED: Record<string, DerivedColumn> = {
  mass_mumu: {
    inputs: ['pt1', 'eta1', 'phi1', 'pt2', 'eta2', 'phi2'],
    description: 'dimuon invariant mass (GeV) from the two muons\' pT, η, φ with the PDG muon mass',
    compute: ([pt1, eta1, phi1, pt2, eta2, phi2]) => Float64Array.from(pt1, (_, r) => pairMass(pt1[r], eta1[r], phi1[r], pt2[r], eta2[r], phi2[r])),
  },
};
