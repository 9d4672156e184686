/**
 * Values that reach a generated script (sbatch, HTCondor submit and DAG files, job.sh) are validated here first, each
 * against the narrowest grammar that serves it, so no value can end a line, open a quote or expand a variable in the
 * script: paths and launcher words are letters, digits and `_@%+=:,./-` (what a shell, sbatch's #SBATCH parser and
 * HTCondor's submit language all read literally); times, partitions, flavours and sizes have their own forms.
 * A refusal is one line naming the flag.
 */
import { ConfigError } from '../../errors';

/** Characters every target reads literally (no quoting needed, none needs escaping). */
const WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** C0 control characters and DEL (a code-point test: a regex of them is easy to misread). */
const isControl = (c: string) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f;

const shown = (v: string) => JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);

/** `v` when it is a safe word, else a one-line ConfigError naming `what`. */
export function checkWord(v: string, what: string): string {
  if (!WORD.test(v)) {
    const bad = [...v].find((c) => !WORD.test(c)) ?? '';
    const name =
      bad === ' '
        ? 'a space'
        : bad === '\n'
          ? 'a newline'
          : /\s/.test(bad)
            ? 'white space'
            : isControl(bad)
              ? 'a control character'
              : `"${bad}"`;
    throw new ConfigError(
      `${what} ${shown(v)}: ${v.length === 0 ? 'is empty' : `contains ${name}`}; batch scripts take paths and words of letters, digits and _@%+=:,./- only (move or link the folder to such a path)`,
    );
  }
  return v;
}

/** A word for sh: bare when safe, else single-quoted (for values shown to people, e.g. printed instructions). */
export function shellQuote(s: string): string {
  return WORD.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A SLURM time limit in sbatch's forms ("M", "M:S", "H:M:S", "D-H", "D-H:M", "D-H:M:S") → the text and its seconds.
 */
export function parseJobTime(v: string, what = '--job-time'): { text: string; seconds: number } {
  const m = /^(?:(\d+)-)?(\d+)(?::(\d{1,2}))?(?::(\d{1,2}))?$/.exec(v);
  if (!m) throw new ConfigError(`${what} ${shown(v)}: expected minutes, HH:MM:SS or D-HH:MM:SS (e.g. 02:00:00)`);
  const [d, a, b, c] = [m[1], m[2], m[3], m[4]].map((x) => (x === undefined ? undefined : Number(x)));
  // sbatch: "M" = minutes, "H:M:S" = hours, "D-H[:M[:S]]"; "M:S" (two fields, no day) = minutes and seconds
  const seconds =
    d !== undefined
      ? d * 86400 + a! * 3600 + (b ?? 0) * 60 + (c ?? 0)
      : b === undefined
        ? a! * 60
        : c === undefined
          ? a! * 60 + b
          : a! * 3600 + b * 60 + c;
  if (!(seconds > 0)) throw new ConfigError(`${what} ${shown(v)}: must be longer than 0`);
  return { text: v, seconds };
}

/** A SLURM partition name. */
export function checkPartition(v: string): string {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(v))
    throw new ConfigError(`--slurm-partition ${shown(v)}: expected a partition name (letters, digits, . _ -)`);
  return v;
}

/** The CERN batch service's job flavours and their wall-time limits (batchdocs.web.cern.ch). */
export const CERN_FLAVOURS = {
  espresso: '20 min',
  microcentury: '1 h',
  longlunch: '2 h',
  workday: '8 h',
  tomorrow: '1 day',
  testmatch: '3 days',
  nextweek: '1 week',
} as const;
export type CernFlavour = keyof typeof CERN_FLAVOURS;

export function checkFlavour(v: string): CernFlavour {
  if (!Object.hasOwn(CERN_FLAVOURS, v))
    throw new ConfigError(
      `--condor-flavour ${shown(v)}: expected one of ${Object.keys(CERN_FLAVOURS).join(', ')} (CERN's JobFlavour)`,
    );
  return v as CernFlavour;
}
