/**
 * plateau's public API (`require('plateau')`): the names a user needs to build circuits, simulate them, train a model
 * on data, sample from it and run the studies: 60 to 100 names (test/integration/package.test.ts counts them). Everything else is reachable by its module path,
 * `require('plateau/<folder>/<module>')` (package.json "exports"), e.g. `plateau/losses/spectrum` or `plateau/stats/quantile`.
 * ARCHITECTURE.md says which folder holds what.
 */

// errors, randomness, identity
export { PlateauError, ConfigError, ShapeError, NotSupportedError, NumericalError } from './errors';
export { createRng, deriveSeed, type Rng } from './rng';
export { canonicalJson, canonicalHash } from './canonical';

// backends and engines
export { initBackend, availableBackends, backendReport, type BackendName, type BackendReport } from './backend/backend';
export { simulate, probs, selectEngine, ENGINE_NAMES, type EngineName, type EngineChoice } from './engines/engine';
export { setCpuPrecision, type Precision as CpuPrecision } from './engines/cpu/kernelSet';
export { executionPolicy, setExecutionPolicy, type ExecutionPolicy } from './execution';
export { type StateBatch } from './complex/complex';

// circuits
export { type Circuit, type Gate } from './circuit/circuit';
export { parseCircuit, loadCircuit, saveCircuit } from './circuit/io';
export { toBitstring } from './circuit/bits';
export { productAnsatz } from './circuit/ansatz/product';
export { hardwareEfficientAnsatz } from './circuit/ansatz/hardwareEfficient';
export { hepAnsatz } from './circuit/ansatz/hep';

// states, gradients, losses
export { bornProbs, marginalProbs, zExpectations } from './state/born';
export { sampleIndices } from './state/sample';
export { paramShiftGrad } from './gradients/paramShift';
export { finiteDiffGrad } from './gradients/finiteDiff';
export { resolveLoss, parseLossSpec, LOSS_NAMES, type LossSpec, type ResolvedLoss } from './losses/registry';
export { mmdLoss } from './losses/mmd';
export { klLoss, tvdLoss } from './losses/explicit';
export { mmdFromSamples } from './losses/mmdSamples';

// data
export { makeDataset, type Dataset, type DataCard } from './data/dataset';
export { saveDataset, loadDataset } from './data/store';
export { resolveData, type DataSpec } from './data/spec';
export { barsAndStripesDataset, ghzDataset } from './data/synthetic';
export { showerDataset } from './data/recipes';

// models
export { buildAnsatz, type AnsatzSpec } from './models/ansatzSpec';
export { hiddenUnitModel, type HiddenUnitModel } from './models/hiddenUnit';
export { saveModel, loadModel, type SavedModel } from './models/saved';
export { sampleModel, visibleDistribution, type ModelSamples } from './models/sampling';

// training
export { resolveTrainConfig, type TrainConfig } from './config/train';
export { buildProblem, type TrainingProblem } from './train/problem';
export { train, type TrainOptions, type TrainResult, type EvalRecord } from './train/trainer';
export { runSession, type SessionOptions } from './train/session';
export { loadCheckpoint } from './train/checkpoint';

// studies and fits
export { resolveScanSpec, type ScanSpec } from './studies/scan/spec';
export { runScan } from './studies/scan/run';
export { runCompareSession } from './studies/compare/session';
export { runIqpHepStudy } from './studies/iqpHep/run';
export { linearFit, exponentialFit, powerLawFit, decayVerdict, type DecayVerdict } from './studies/fits';
export { quantile, median } from './stats/quantile';

// files and plots
export { savePlot, lineChart } from './report/plot';
export { toCsv } from './report/csv';
