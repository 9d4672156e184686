/**
 * The backend calls the engines through BackendHooks (it imports no engine): the engine decision in its report, the
 * kernels registered when a backend starts, and the automatic order's skips all come from the installed hooks.
 */
// The hook is module state: each test starts from a fresh module registry and imports what it needs itself.
beforeEach(() => jest.resetModules());

test('without the engines loaded the report says no engine was chosen; loading them fills in their decision', async () => {
  const backend = await import('../../src/backend/backend');
  const r = await backend.initBackend('cpu');
  expect(r.engine).toEqual({
    name: 'cpu',
    why: "no engine chosen: plateau's engines were not loaded beside the cpu backend",
  });
  await import('../../src/engines/engine'); // installs the hooks as it loads
  const { autoEngine } = await import('../../src/engines/choice');
  expect((await backend.backendReport()).engine).toEqual(autoEngine('cpu', false));
  expect((await backend.initBackend('cpu')).engine).toEqual(autoEngine('cpu', false));
});

test('the automatic order asks the hooks what to skip, and tells them which backend started', async () => {
  const backend = await import('../../src/backend/backend');
  const started: string[] = [];
  backend.setBackendHooks({
    skipInAuto: (b) => (b === 'wasm' ? 'skipped for this test' : null),
    started: (b) => void started.push(b),
    engineDecision: (b, gpu) => ({ name: gpu ? 'tensor' : 'cpu', why: `test decision for ${b}` }),
  });
  const r = await backend.initBackend('auto');
  expect(r.backend).toBe('cpu');
  expect(r.skipped).toContain('wasm: skipped for this test');
  expect(r.engine).toEqual({ name: 'cpu', why: 'test decision for cpu' });
  expect(started).toEqual(['cpu']);
  // a forced name is never skipped
  expect((await backend.initBackend('wasm')).backend).toBe('wasm');
  expect(started).toEqual(['cpu', 'wasm']);
});
