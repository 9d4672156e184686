/**
 * What every command-line shell in scripts/ shares: validated number options for commander (a bad value is a one-line
 * ConfigError naming the flag) and the one exit policy — a PlateauError prints `error: <message>` and exits 2, any
 * other error prints its stack and exits 1, success exits with the code main returns (0 by default; null leaves the
 * process running, for worker processes whose parent ends them).
 */
import { Command, CommanderError } from 'commander';
import { BACKEND_NAMES } from './backend/names';
import { ConfigError, PlateauError } from './errors';
import { parseIntList, parseShots } from './vocabulary';

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

/** Parser for `--name a,b,c` of such numbers; integer lists also take ranges, as every list flag does: `0..8`, `2..12:2`. */
export function numberListOption(name: string, min: number, integer = true): (v: string) => number[] {
  const one = numberOption(name, min, integer);
  return (v) => (integer && /\.\.|:/.test(v) ? parseIntList(v, `--${name}`).map((x) => one(String(x))) : v.split(',').map((s) => one(s.trim())));
}

/** Parser for `--shots`: `exact` (also `null`) or a positive count, as everywhere (vocabulary.ts); exact → 0 for the studies. */
export function shotsOption(name = 'shots'): (v: string) => number {
  return (v) => parseShots(v, `--${name}`) ?? 0;
}

/**
 * Exits once stdout and stderr have drained: on Linux, writes to a pipe are asynchronous, and process.exit right after
 * a large output (`… | tail`) drops its end. A write's callback runs after everything written before it was flushed.
 */
export function exitAfterDrain(code: number): void {
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

/**
 * The command-line parser every shell starts from: named as users type it (`Usage: plateau train [options]`), and a
 * bad flag or value is a one-line error with exit 2 like every other bad input (commander itself would exit 1), while
 * --help exits 0.
 */
export function cliCommand(name: string): Command {
  return new Command(`plateau ${name}`).exitOverride();
}

/** Runs a script's main and exits by the policy above. */
export function runCli(main: () => Promise<number | null | void>): void {
  main().then(
    (code) => {
      if (code !== null) exitAfterDrain(code ?? 0);
    },
    (e) => {
      // commander has printed its own one-line message (or the help) already
      if (e instanceof CommanderError) return exitAfterDrain(e.exitCode === 0 ? 0 : 2);
      console.error(e instanceof PlateauError ? `error: ${e.message}` : e);
      exitAfterDrain(e instanceof PlateauError ? 2 : 1);
    },
  );
}
