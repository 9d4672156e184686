/** Transpile-only ts-jest (isolatedModules): types are checked once by `npm run typecheck`, not per worker. */
// Mesa's EGL reads EGL_PLATFORM from the C environment, which a test's sandboxed process.env cannot change: set it here
// (inherited by the workers) so WebGPU suites can open Dawn's software adapter (src/backend/dawn.ts).
process.env.EGL_PLATFORM = process.env.EGL_PLATFORM || 'surfaceless';
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  testTimeout: 120000,
  setupFiles: ['<rootDir>/test/setup.ts'],
};
