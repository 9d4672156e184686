/**
 * What every command-line shell in scripts/ shares: validated number options for commander (a bad value is a one-line
 * ConfigError naming the flag) and the one exit policy — a PlateauError prints `error: <message>` and exits 2, any
 * other error prints its stack and exits 1, success exits with the code main returns (0 by default; null leaves the
 * process running, for worker processes whose parent ends them).
 */
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { BACKEND_NAMES } from './backend/names';
import { ConfigError, PlateauError } from './errors';
import { executionPolicy } from './execution';
import { parseIntList, parseShots, readDecimal } from './vocabulary';

/** Help text of the `--backend` flag every shell has: the names initBackend accepts. */
export const BACKEND_HELP = `tfjs backend (auto, ${BACKEND_NAMES.join(', ')})`;

/**
 * The one number parser of every flag of every command: `text` must be a plain decimal number (vocabulary.ts
 * readDecimal), finite, in [min, max], and an integer unless `integer` is false; else a one-line ConfigError naming the
 * flag and the text. So `--shots 1e6` is 1000000 (never parseInt's 1), `--shots 10.9`, `--seed abc` and `--workers -3`
 * are refused.
 */
export function parseNumber(text: string, flag: string, min: number, integer = true, max = Infinity): number {
  const x = readDecimal(text);
  if (!Number.isFinite(x) || x < min || x > max || (integer && !Number.isInteger(x))) {
    const range = max === Infinity ? `≥ ${min}` : `in ${min}..${max}`;
    throw new ConfigError(`${flag}: expected ${integer ? 'an integer' : 'a number'} ${range}, got "${text}"`);
  }
  return x;
}

/** Parser for `--name N` (commander's argParser): parseNumber with the flag named. */
export function numberOption(name: string, min: number, integer = true, max = Infinity): (v: string) => number {
  return (v) => parseNumber(v, `--${name}`, min, integer, max);
}

/**
 * Parser for `--name a,b,c` of such numbers (at least one; empty items are refused); integer lists also take ranges, as
 * every list flag does: `0..8`, `2..12:2` (vocabulary.ts parseIntList, which bounds their length).
 */
export function numberListOption(name: string, min: number, integer = true, max = Infinity): (v: string) => number[] {
  const one = numberOption(name, min, integer, max);
  return (v) =>
    integer && /\.\.|:/.test(v)
      ? parseIntList(v, `--${name}`).map((x) => one(String(x)))
      : v.split(',').map((s) => one(s.trim()));
}

/** Parser for `--shots`: `exact` (also `null`) or a positive count, as everywhere (vocabulary.ts); exact → 0 for the studies. */
export function shotsOption(name = 'shots'): (v: string) => number {
  return (v) => parseShots(v, `--${name}`) ?? 0;
}

/**
 * The same check as an argument parser whose error commander reports with the flag it belongs to ("error: option
 * '--seed <n>' argument 'abc' is invalid. expected an integer"), for options defined without their name at hand.
 */
export function numberArg(min = -Infinity, integer = true): (v: string) => number {
  return (v) => {
    try {
      return parseNumber(v, '', min, integer);
    } catch {
      throw new InvalidArgumentError(
        `expected ${integer ? 'an integer' : 'a number'}${min === -Infinity ? '' : ` ≥ ${min}`}`,
      );
    }
  };
}

/** Parser for a flag that takes one of `choices`. */
export function choiceOption<T extends string>(name: string, choices: readonly T[]): (v: string) => T {
  return (v) => {
    if (!(choices as readonly string[]).includes(v))
      throw new ConfigError(`--${name}: expected one of ${choices.join(', ')}, got "${v}"`);
    return v as T;
  };
}

/** Parser for `--name a,b,c` where every item is one of `choices`. */
export function choiceListOption<T extends string>(name: string, choices: readonly T[]): (v: string) => T[] {
  const one = choiceOption(name, choices);
  return (v) => v.split(',').map((s) => one(s.trim()));
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

/**
 * A study command as every [O] study spells it: `--backend` and `--seed` first, the study's `own` options next, then
 * `--out` (default `out`), `--force` and `--quiet`.
 */
export function studyCommand(
  name: string,
  o: { seed: { min: number; default: number }; out: string },
  own: (c: Command) => Command,
): Command {
  const head = cliCommand(name)
    .option('--backend <name>', BACKEND_HELP, executionPolicy().backend)
    .option('--seed <n>', 'master seed', numberOption('seed', o.seed.min), o.seed.default);
  return own(head)
    .option('--out <dir>', 'output folder', o.out)
    .option('--force', 'move a non-empty --out folder of something else aside (never deleted)')
    .option('--quiet', 'no progress on stderr');
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
