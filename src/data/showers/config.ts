/**
 * Configuration of the shower generator: a calorimeter geometry ('clic', the Si–W sampling ECAL of the data Rudolph et
 * al. arXiv:2305.02881 trained on; or 'pbwo4', a homogeneous crystal calorimeter) whose preset fills every other field,
 * and the fields a user may override. One resolver validates a partial config into a complete one.
 */
import { ConfigError } from '../../errors';
import { CLIC_ECAL, clicCellRM } from './geometry';
import { MATERIALS } from './profiles';

export type GeometryName = 'clic' | 'pbwo4';
export const GEOMETRY_NAMES: readonly GeometryName[] = ['clic', 'pbwo4'];
export type HomogeneousMaterial = keyof typeof MATERIALS;

export interface ShowerConfig {
  /** The calorimeter; its preset (SHOWER_GEOMETRY_PRESETS) supplies every field not given. @default 'clic' */ geometry: GeometryName;
  /** Medium of the homogeneous geometry (not allowed with 'clic', whose medium is the GFLASH effective W/Si medium). @default 'PbWO4' */ material?: HomogeneousMaterial;
  /** Cells along x, y, z (z = layers; 'clic' has at most 25). @default [25, 25, 25] */ cells: [number, number, number];
  /** Transverse cell size in Molière radii (of the effective medium for 'clic'). @default 5.1 mm / R_M,eff ≈ 0.244 ('clic'), 0.25 ('pbwo4') */ cellRM: number;
  /** Longitudinal cell size in X0, homogeneous geometry only ('clic' has its own layer stack). @default 1 */ cellX0?: number;
  /** Electron energy range, GeV. @default [2, 500] ('clic'), [10, 100] ('pbwo4') */ energyGeV: [number, number];
  /** @default 'uniform' */ spectrum: 'uniform' | 'log-uniform';
  /** Angle of incidence to the z axis, in the x–z plane, degrees. @default 0 */ angleDeg: number;
  /** Impact point uniform in ± this many cells around the face centre, in x and y. @default 0.5 ('clic'), 2 ('pbwo4') */ impactSpreadCells: number;
  /** Stochastic term a (√GeV) of σ_E/E = a/√E; for 'clic' that of the front (2.4 mm W) layers. @default 0.166 ('clic'), 0.028 ('pbwo4') */ stochastic: number;
  /** Electronic noise per cell, GeV of the recorded (visible) energy. @default 0 ('clic'), 0.002 ('pbwo4') */ noiseGeV: number;
  /** Fluctuate (T, α) shower by shower (GFLASH correlated log-normals). @default true */ fluctuateProfiles: boolean;
}

/**
 * Presets. 'clic': CLIC ECAL cells and layers (geometry.ts), electrons of the fixed-angle data (uniform 2–500 GeV at
 * normal incidence, Khattak et al. EPJC 82 (2022) 386; interTwin DetectorSim-3DGAN README "Full Energy Range Data
 * 2-500 GeV"), impact inside the central cell (the 25×25 window is centred on the shower), no electronic noise
 * (Geant4 energy deposits), stochastic term of the CALICE Si–W prototype. 'pbwo4': the earlier default (CMS-like
 * crystals of 0.25 R_M × 1 X0, 10–100 GeV, ±2 cells, CMS stochastic term, 2 MeV noise).
 */
export const SHOWER_GEOMETRY_PRESETS: Record<GeometryName, ShowerConfig> = {
  clic: {
    geometry: 'clic', cells: [25, 25, 25], cellRM: clicCellRM(), energyGeV: [2, 500], spectrum: 'uniform', angleDeg: 0,
    impactSpreadCells: 0.5, stochastic: CLIC_ECAL.stochastic, noiseGeV: 0, fluctuateProfiles: true,
  },
  pbwo4: {
    geometry: 'pbwo4', material: 'PbWO4', cells: [25, 25, 25], cellRM: 0.25, cellX0: 1, energyGeV: [10, 100], spectrum: 'uniform',
    angleDeg: 0, impactSpreadCells: 2, stochastic: 0.028, noiseGeV: 0.002, fluctuateProfiles: true,
  },
};

export const DEFAULT_SHOWER_CONFIG: ShowerConfig = SHOWER_GEOMETRY_PRESETS.clic;

/** Merges a partial config over its geometry's preset and validates it. */
export function resolveShowerConfig(c: Partial<ShowerConfig> = {}): ShowerConfig {
  const bad = (m: string): never => { throw new ConfigError(`showers: ${m}`); };
  const g = c.geometry ?? DEFAULT_SHOWER_CONFIG.geometry;
  if (!GEOMETRY_NAMES.includes(g)) bad(`geometry must be one of ${GEOMETRY_NAMES.join(', ')}, got "${g}"`);
  const given = Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as Partial<ShowerConfig>;
  const r: ShowerConfig = { ...SHOWER_GEOMETRY_PRESETS[g], ...given, geometry: g };
  if (g === 'clic') {
    if (given.material !== undefined) bad(`material applies to the homogeneous geometry (pbwo4); clic is a W/Si sampling stack`);
    if (given.cellX0 !== undefined) bad(`cellX0 applies to the homogeneous geometry (pbwo4); clic has its own layer stack`);
    const nLayers = CLIC_ECAL.sections.reduce((s, x) => s + x.layers, 0);
    if (r.cells[2] > nLayers) bad(`the CLIC ECAL has ${nLayers} layers; got ${r.cells[2]} cells along z`);
  } else {
    if (!r.material || !MATERIALS[r.material]) bad(`unknown material "${r.material}" (known: ${Object.keys(MATERIALS).join(', ')})`);
    if (!(r.cellX0! > 0)) bad(`cellX0 must be positive, got ${r.cellX0}`);
  }
  if (r.cells.length !== 3 || r.cells.some((v) => !Number.isInteger(v) || v < 1 || v > 200)) bad(`cells must be three integers in 1..200, got [${r.cells}]`);
  if (!(r.cellRM > 0)) bad(`cell size must be positive, got ${r.cellRM} R_M`);
  const [e0, e1] = r.energyGeV;
  if (!(e0 >= 1 && e1 >= e0 && e1 <= 1000)) bad(`energy range must satisfy 1 ≤ Emin ≤ Emax ≤ 1000 GeV (GFLASH fit range), got [${e0}, ${e1}]`);
  if (r.spectrum !== 'uniform' && r.spectrum !== 'log-uniform') bad(`spectrum must be uniform or log-uniform, got "${r.spectrum}"`);
  if (!(Math.abs(r.angleDeg) < 60)) bad(`angle must be in (−60°, 60°), got ${r.angleDeg}`);
  if (!(r.impactSpreadCells >= 0 && r.stochastic >= 0 && r.noiseGeV >= 0)) bad('impact spread, stochastic term and noise must be ≥ 0');
  return r;
}
