/**
 * Fits for scaling studies, one import for callers: straight-line least squares (OLS, and WLS with known σ;
 * leastSquares.ts), exponential y ≈ A·e^{b·n} and power-law y ≈ A·n^{b} fits of ln y (b = −ln 2 means halving per unit
 * of n), the distributions behind their intervals (stats/distributions.ts), and the exponential-vs-power-law verdict on a
 * variance scan with its rules (decay.ts, decayRules.ts).
 */
export { studentTCdf, studentTQuantile, chiSquareSurvival, normalQuantile } from '../../stats/distributions';
export { incompleteBeta } from '../../stats/special';
export {
  linearFit,
  weightedLinearFit,
  exponentialFit,
  weightedExponentialFit,
  powerLawFit,
  weightedPowerLawFit,
  formatFit,
  type LinearFit,
  type WeightedLinearFit,
  type ExponentialFit,
} from './leastSquares';
export {
  compareDecay,
  decayVerdict,
  sigmaLnFromInterval,
  type DecayComparison,
  type DecayVerdict,
  type Strength,
} from './decay';
export { DECAY_REQUIREMENTS } from './decayRules';
