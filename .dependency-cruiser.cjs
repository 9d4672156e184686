/**
 * Layer rules, run by `npm run lint` (and so by `npm test`): which folder of src/ may import which. The layers are
 * ARCHITECTURE.md's, written once here (LAYERS, lowest first); a module may import its own layer and the layers below
 * it, never one above. Type imports count too: a layer that names another's types depends on its vocabulary.
 * Cycles: none between folders (any import), none between modules at run time; a cycle that exists only through type
 * imports (erased by tsc) is allowed inside a folder.
 */
'use strict';

/** Lowest first. Each entry: a name and the paths (regular expressions, from the repository root) it owns. */
const LAYERS = [
  // Utilities every layer may use; they import no physics. report/ writes files and draws (JSON, CSV, Vega-Lite, PNG,
  // terminal progress): studies, train, data and view all use it, so it sits here, below everything it presents.
  {
    name: 'foundation',
    paths: [
      '^src/(errors|rng|fsutil|paths|names|lock|outputDir|signals|tfutil|canonical|vocabulary|execution|memory|faults)\\.ts$',
      '^src/types/',
      '^src/report/',
    ],
  },
  // Special functions, distributions, quantiles, the bootstrap: plain Float64 numerics on the host.
  { name: 'stats', paths: ['^src/stats/'] },
  { name: 'backend', paths: ['^src/backend/'] },
  // Flag parsing and the exit policy of every command (runCli); study command builders use its option parsers.
  { name: 'cli', paths: ['^src/cli\\.ts$'] },
  { name: 'complex', paths: ['^src/complex/'] },
  { name: 'linalg', paths: ['^src/linalg/'] },
  { name: 'circuit', paths: ['^src/circuit/'] },
  { name: 'engines', paths: ['^src/engines/'] },
  { name: 'gradients', paths: ['^src/gradients/'] },
  { name: 'state', paths: ['^src/state/'] },
  { name: 'losses', paths: ['^src/losses/'] },
  { name: 'data', paths: ['^src/data/'] },
  { name: 'models', paths: ['^src/models/'] },
  { name: 'config', paths: ['^src/config/'] },
  { name: 'train', paths: ['^src/train/'] },
  { name: 'studies', paths: ['^src/studies/'] },
  { name: 'apps', paths: ['^src/bench/', '^src/view/'] },
  { name: 'public API', paths: ['^src/index\\.ts$'] },
];

const anyOf = (paths) => paths.join('|');
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.name}`,
  comment: `${layer.name} imports only from itself and the layers below it (${
    LAYERS.slice(0, i)
      .map((l) => l.name)
      .join(', ') || 'none'
  })`,
  severity: 'error',
  from: { path: anyOf(layer.paths) },
  to: { path: anyOf(LAYERS.slice(i + 1).flatMap((l) => l.paths)) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'src-outside-layers',
      comment: 'every folder of src/ belongs to a layer (add a new one to LAYERS and to ARCHITECTURE.md)',
      severity: 'error',
      from: { path: '^src/', pathNot: anyOf(LAYERS.flatMap((l) => l.paths)) },
      to: {},
    },
    {
      name: 'no-tfjs-in-circuit-or-kernels',
      comment:
        'circuit/ and engines/cpu/kernels/ are plain data and typed-array code: they test in microseconds and run in a worker (STYLE.md §1)',
      severity: 'error',
      from: { path: '^src/(circuit|engines/cpu/kernels)/' },
      to: { path: '@tensorflow' },
    },
    {
      name: 'cpu-engine-tfjs-only-in-op',
      comment: 'in engines/cpu/ only op.ts touches tfjs (forward, adjoint, kernels and the worker are host code)',
      severity: 'error',
      from: { path: '^src/engines/cpu/', pathNot: '^src/engines/cpu/op\\.ts$' },
      to: { path: '@tensorflow' },
    },
    {
      name: 'engines-do-not-import-the-chooser',
      comment:
        'an engine (cpu, tensor, webgpu, cuda) never imports engine.ts/choice.ts: selectEngine chooses among them',
      severity: 'error',
      from: { path: '^src/engines/[^/]+/' },
      to: { path: '^src/engines/[^/]+\\.ts$' },
    },
    {
      name: 'cpu-engine-stands-alone',
      comment: 'the cpu engine imports no other engine (the cuda engine shares its host program, not the reverse)',
      severity: 'error',
      from: { path: '^src/engines/cpu/' },
      to: { path: '^src/engines/(tensor|webgpu|cuda)/' },
    },
    {
      name: 'library-not-scripts',
      comment: 'src/ never imports scripts/ or test/ (commands are thin shells over the library)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(scripts|test)/' },
    },
    {
      name: 'no-folder-cycle',
      comment: 'folders form a directed graph (type imports count)',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-runtime-cycle',
      comment:
        'no two modules need each other at load time; a cycle through an import used only for types is erased by tsc',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['pre-compilation-only', 'type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'every import resolves (a missing package or a mistyped path)',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.generated\\.ts$|/assembly/|^src/view/static/' },
    // Type-only imports are part of the graph, labelled so the runtime-cycle rule can tell them apart.
    tsPreCompilationDeps: 'specify',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
