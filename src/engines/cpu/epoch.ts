/**
 * The workspace epoch: a counter bumped whenever a kernel set hands out its workspace (or its contents are consumed).
 * A caller that left a state in the workspace compares the value it saw with the current one to know whether the
 * state is still there (op.ts). Its own module so that both kernel sets, the JS one (kernelSet.ts) and the SIMD one
 * (simdSet.ts, which kernelSet.ts imports), bump the one counter without needing each other at load time.
 */
let epoch = 0;

export function workspaceEpoch(): number {
  return epoch;
}

export function touchWorkspace(): void {
  epoch++;
}
