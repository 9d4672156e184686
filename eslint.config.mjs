/**
 * Lint rules, run by `npm run lint` (and so by `npm test`): ESLint's and typescript-eslint's recommended sets, plus the
 * rules of typescript-eslint's strict and stylistic sets that the code already keeps. Each rule that is relaxed says why
 * here, in one place, instead of in `eslint-disable` comments; an unused disable comment is an error. Layer rules
 * (which folder may import which) are dependency-cruiser's: .dependency-cruiser.cjs.
 */
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's CommonJS globals, for the few plain .js files (written before anything is built). */
const nodeGlobals = {
  require: 'readonly',
  module: 'writable',
  exports: 'writable',
  process: 'readonly',
  __dirname: 'readonly',
  __filename: 'readonly',
  console: 'readonly',
  Buffer: 'readonly',
};
const browserGlobals = {
  window: 'readonly',
  document: 'readonly',
  fetch: 'readonly',
  console: 'readonly',
  setTimeout: 'readonly',
  clearTimeout: 'readonly',
  setInterval: 'readonly',
  EventSource: 'readonly',
  URLSearchParams: 'readonly',
  location: 'readonly',
  Node: 'readonly',
  vegaEmbed: 'readonly',
};

/**
 * Packages loaded with `require()` on purpose, each where it is used: optional or native (tfjs-node, the WebGPU
 * backend and Dawn, koffi, tfjs-backend-wasm), absent from a production install (esbuild, puppeteer-core), or files that
 * exist only once built (*.generated.ts) — a static import would fail to load the module that asks for them. Also
 * package.json (its version, read from src/ and dist/ alike) and Node's `module` (the fallback of nativeRequire).
 */
const LAZY_REQUIRES = [
  '\\.generated$',
  '/package\\.json$',
  '^module$',
  '^koffi$',
  '^esbuild$',
  '^puppeteer-core$',
  '^@tensorflow/tfjs-backend-(wasm|webgpu)$',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'bundle/', 'runs/', 'coverage/', '**/*.generated.ts', 'src/**/assembly/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  ...tseslint.configs.stylistic,
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  {
    rules: {
      '@typescript-eslint/no-require-imports': ['error', { allow: LAZY_REQUIRES }],
      // `const { a: _a, ...rest } = o` drops a key; `_x` names a parameter an interface requires but this body ignores.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // 363 `x!` after Map.get/find/match where an invariant guarantees the value; checked lookups everywhere would be
      // noise. tsconfig's strict null checks still catch the unasserted cases.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Numeric loops index typed arrays by position (STYLE.md §4); an index loop reads the same in every kernel.
      '@typescript-eslint/prefer-for-of': 'off',
      // No-op callbacks (quiet progress sinks, silent loggers) are written `() => {}`.
      '@typescript-eslint/no-empty-function': ['error', { allow: ['arrowFunctions'] }],
      // runCli takes `() => Promise<number | null | void>`: a command's main may return an exit code or nothing, and a
      // `Promise<void>` main is not assignable to `Promise<number | undefined>`.
      '@typescript-eslint/no-invalid-void-type': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // src/rng.ts is the one source of randomness (reproducible runs from one seed).
      'no-restricted-properties': [
        'error',
        {
          object: 'Math',
          property: 'random',
          message: 'take an Rng (src/rng.ts): every random choice flows from one seed',
        },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'named exports only (STYLE.md §2)' },
      ],
      // A library writes nothing to the console; commands print through their own loggers. src/cli.ts is the exception.
      'no-console': 'error',
    },
  },
  { files: ['src/cli.ts'], rules: { 'no-console': 'off' } },
  // Tests put back the environment variables they set: `delete env[name]` on a NodeJS.ProcessEnv, which is no Map.
  { files: ['test/**/*.ts'], rules: { '@typescript-eslint/no-dynamic-delete': 'off' } },
  {
    // Hand-written ambient declarations (src/types): the WebAssembly classes are declared as classes on purpose.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/no-extraneous-class': 'off' },
  },
  {
    // A computed package name or path (tfjs-node vs tfjs-node-gpu, Dawn's binary, the bundle's koffi) cannot be matched
    // by LAZY_REQUIRES; these three loaders are the only files where any `require()` goes.
    files: ['src/backend/backend.ts', 'src/backend/dawn.ts', 'src/engines/cuda/driver.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: nodeGlobals },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/view/static/**/*.js'],
    languageOptions: { sourceType: 'script', globals: browserGlobals },
  },
);
