/**
 * Calorimeter geometries as the generator needs them: the shower medium (GFLASH's effective medium for a sampling
 * stack), its sampling corrections, and the layer stack (depth range in X0, visible fraction, sampling term per layer).
 * The CLIC ECAL is the Si–W calorimeter of the Geant4 data of Rudolph et al. (arXiv:2305.02881; Pierini & Zhang,
 * Zenodo 3603122, "Electron showers at fixed angle", 25×25×25 cells); sources per constant below.
 */
import type { ShowerConfig } from './config';
import { Material, MATERIALS, SamplingCorrection } from './profiles';
import { effectiveMedium, layerRadiationLengths, mipSamplingFraction, SamplingLayer } from './sampling';

/**
 * The CLIC ECAL. Layers: 25 tungsten layers, 17 × 2.4 mm followed by 8 × 4.8 mm (≈ 23 X0), read out by silicon pads of
 * 5.1 mm × 5.1 mm, barrel between r = 1500 mm and 1659 mm (CLIC detector model twiki, CLIC/ClicNDM_ECal); the dataset's
 * 25 cells in depth are these 25 layers and its 25 × 25 cells of 5.1 mm span 12.75 cm. Sensor: 0.5 mm silicon (the
 * CLIC CDR Si–W ECAL; the twiki does not give it, so this is our choice: ±20 % changes R_M,eff by < 0.5 %). The 15.9 cm
 * envelope leaves (159 − 79.2 − 25 × 0.5)/25 = 2.69 mm per layer for readout boards, supports and air; we take that
 * gap as mass-less (its mass is unknown; as FR4 of 1.85 g/cm³ it would narrow R_M,eff from 2.09 to ≈ 1.74 cm). The gap
 * doubles R_M,eff in cm (1.08 cm for a gap-free W/Si stack), which sets how much of the shower the 12.75 cm face and
 * the border pixels see. Stochastic term: 16.6 %·√GeV, measured with the CALICE Si–W physics prototype (W layers of
 * 1.4/2.8/4.2 mm, 0.525 mm Si; CALICE, NIM A 608 (2009) 372, arXiv:0811.2354), the closest measured Si–W stack.
 */
export const CLIC_ECAL = {
  name: 'CLIC ECAL (W absorber, Si pads)',
  cellCm: 0.51,
  activeCm: 0.05,
  envelopeCm: 15.9,
  sections: [{ layers: 17, passiveCm: 0.24 }, { layers: 8, passiveCm: 0.48 }],
  stochastic: 0.166,
  citations: [
    'CLIC detector model ECAL (twiki.cern.ch/twiki/bin/view/CLIC/ClicNDM_ECal): tungsten, Si pads 5.1 mm × 5.1 mm, 25 layers (17 × 2.4 mm followed by 8 × 4.8 mm), 23 X0, barrel r = 1500–1659 mm',
    'M. Pierini, M. Zhang, "CLIC Calorimeter 3D images: Electron showers at fixed angle", Zenodo 3603122 (25×25×25 ECAL cells)',
    'G. R. Khattak, S. Vallecorsa, F. Carminati et al., "Fast simulation of a high granularity calorimeter by generative adversarial networks", EPJC 82 (2022) 386; interTwin DetectorSim-3DGAN README (fixed-angle electrons, 2–500 GeV)',
    'CALICE collaboration, "Response of the CALICE Si-W electromagnetic calorimeter physics prototype to electrons", NIM A 608 (2009) 372, arXiv:0811.2354: σ_E/E = 16.6 %/√E ⊕ 1.1 %',
    'Geant4 GFlash (GFlashSamplingShowerParameterisation.cc, GFlashSamplingShowerTuning.hh): effective medium and sampling corrections of hep-ex/0001020',
  ],
} as const;

/** Mass-less gap per layer: the envelope depth less the tungsten and silicon, shared equally by the layers. */
export function clicGapCm(): number {
  const layers = CLIC_ECAL.sections.reduce((s, x) => s + x.layers, 0), tungsten = CLIC_ECAL.sections.reduce((s, x) => s + x.layers * x.passiveCm, 0);
  return (CLIC_ECAL.envelopeCm - tungsten - layers * CLIC_ECAL.activeCm) / layers;
}

/** One sampling layer of a CLIC section. */
export const clicLayer = (passiveCm: number): SamplingLayer => ({ passive: MATERIALS.W, passiveCm, active: MATERIALS.Si, activeCm: CLIC_ECAL.activeCm, gapCm: clicGapCm() });

/**
 * GFLASH describes a calorimeter by one effective medium. The CLIC stack has two; the shower's maximum lies in the
 * front section (t_max ≤ 10 X0 up to 500 GeV, the front is 11.7 X0 deep), so its medium sets the shower shape and the
 * lateral unit; the back section keeps its own depth in X0, visible fraction and sampling term.
 */
export const clicMedium = () => effectiveMedium(clicLayer(CLIC_ECAL.sections[0].passiveCm));

/** The 5.1 mm cell in Molière radii of the front medium. */
export const clicCellRM = (): number => CLIC_ECAL.cellCm / clicMedium().rmCm;

/** A layer of the stack: depths [t0, t1) in X0 along z, the visible fraction of the deposited energy, and a² (GeV). */
export interface Layer {
  t0: number;
  t1: number;
  visible: number;
  a2: number;
}

export interface Detector {
  medium: Material;
  sampling: SamplingCorrection | null;
  layers: Layer[];
}

/**
 * The detector of a resolved config (its first cells[2] layers). Homogeneous: cellX0-thick layers, all energy visible,
 * a² = stochastic². CLIC: per layer its thickness in X0, visible fraction ê·f_mip (half in the 4.8 mm section, where a
 * Si layer samples twice the depth) and sampling term a·√(d_W/2.4 mm) (sampling fluctuations grow as the square root
 * of the absorber thickness per sample; PDG review "Calorimetry", Fabjan & Gianotti, Rev. Mod. Phys. 75 (2003) 1243).
 */
export function detectorOf(cfg: ShowerConfig): Detector {
  const nz = cfg.cells[2];
  if (cfg.geometry === 'pbwo4') {
    const dz = cfg.cellX0!, a2 = cfg.stochastic ** 2;
    return { medium: MATERIALS[cfg.material!], sampling: null, layers: Array.from({ length: nz }, (_, k) => ({ t0: k * dz, t1: (k + 1) * dz, visible: 1, a2 })) };
  }
  const medium = clicMedium(), front = CLIC_ECAL.sections[0].passiveCm, layers: Layer[] = [];
  let t = 0;
  for (const s of CLIC_ECAL.sections) {
    const l = clicLayer(s.passiveCm), dt = layerRadiationLengths(l), visible = medium.sampling.ehat * mipSamplingFraction(l);
    const a2 = cfg.stochastic ** 2 * (s.passiveCm / front);
    for (let i = 0; i < s.layers && layers.length < nz; i++, t += dt) layers.push({ t0: t, t1: t + dt, visible, a2 });
  }
  return { medium, sampling: medium.sampling, layers };
}
