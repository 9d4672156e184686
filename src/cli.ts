/**
 * What every command-line shell in scripts/ shares: validated number options for commander (a bad value is a one-line
 * ConfigError naming the flag) and the one exit policy — a PlateauError prints `error: <message>` and exits 2, any
 * other error prints its stack and exits 1, success exits with the code main returns (0 by default; null leaves the
 * process running, for worker processes whose parent ends them).
 */
import { BACKEND_NAMES } from './backend/backend';
import { ConfigError, PlateauError } from './errors';

/** Help text of the `--backend` flag every shell has: the names initBackend accepts. */
export const BACKEND_HELP = `tfjs backend (auto, ${BACKEND_NAMES.join(', ')})`;

/** Parser for `--name N`: a finite number ≥ min, an integer unless `integer` is false. */
export function numberOption(name: string, min: number, integer = true): (v: string) => number {
  return (v) => {
    const x = Number(v);
    if (!Number.isFinite(x) || x < min || (integer && !Number.isInteger(x)))
      throw new ConfigError(`--${name}: expected ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${v}"`);
    return x;
  };
}

/** Parser for `--name a,b,c` of such numbers. */
export function numberListOption(name: string, min: number, integer = true): (v: string) => number[] {
  const one = numberOption(name, min, integer);
  return (v) => v.split(',').map((s) => one(s.trim()));
}

/** Runs a script's main and exits by the policy above. */
export function runCli(main: () => Promise<number | null | void>): void {
  main().then(
    (code) => {
      if (code !== null) process.exit(code ?? 0);
    },
    (e) => {
      console.error(e instanceof PlateauError ? `error: ${e.message}` : e);
      process.exit(e instanceof PlateauError ? 2 : 1);
    },
  );
}
