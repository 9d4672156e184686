/**
 * SIGINT/SIGTERM as long-running commands handle them: the first signal asks the work to stop at its next safe point
 * (a checkpoint); a second one later than a second after the first exits at once. A second signal within that second
 * is the same keypress: under `npm run`, one Ctrl-C reaches the process twice (from the terminal to the whole process
 * group, and forwarded by npm), which must not skip the checkpoint. Exit codes follow the shell: 128 + signal number.
 */

/** 130 for SIGINT, 143 for SIGTERM. */
export const exitCodeOf = (sig: NodeJS.Signals): number => (sig === 'SIGINT' ? 130 : 143);

const SAME_KEYPRESS_MS = 1000;

export interface StopRequest {
  /** The signal that asked to stop, or null. */
  readonly signal: NodeJS.Signals | null;
  /** Removes the handlers. */
  dispose(): void;
}

/** Installs the handlers; `announce` is called once, on the first signal. */
export function stopOnSignals(announce: (sig: NodeJS.Signals) => void): StopRequest {
  let first: { sig: NodeJS.Signals; at: number } | null = null;
  const onSignal = (sig: NodeJS.Signals) => {
    if (first) {
      if (Date.now() - first.at > SAME_KEYPRESS_MS) process.exit(exitCodeOf(sig));
      return;
    }
    first = { sig, at: Date.now() };
    announce(sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    get signal() {
      return first?.sig ?? null;
    },
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
