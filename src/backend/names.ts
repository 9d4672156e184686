/**
 * The tfjs backend names `--backend` and PLATEAU_BACKEND accept, in the automatic order. A module of its own so that
 * command-line help can list them without loading tfjs (backend.ts does, and takes 0.2–0.3 s to load).
 */
export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
