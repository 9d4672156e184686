/**
 * Names that become one path segment under a folder plateau manages (datasets under data/, models under models/, run
 * names): letters, digits, '.', '_' and '-', not starting with '.', at most 100 characters. So a name can never
 * climb out of its folder ("../src"), hide itself, or exceed a file system's limit.
 */
import { ConfigError } from './errors';

const NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

/** Returns `name` when it is a valid name, else throws a one-line ConfigError naming `what` (e.g. "--name"). */
export function checkName(name: string, what: string): string {
  if (!NAME.test(name)) {
    const why =
      name.length === 0
        ? 'is empty'
        : name.length > 100
          ? `has ${name.length} characters (at most 100)`
          : /[/\\]/.test(name)
            ? 'contains a path separator'
            : name.startsWith('.')
              ? 'starts with "."'
              : 'has a character other than letters, digits, ".", "_" and "-"';
    throw new ConfigError(
      `${what} "${name.length > 40 ? `${name.slice(0, 40)}…` : name}" ${why}; a name is letters, digits, ".", "_" and "-" (use --out for a path)`,
    );
  }
  return name;
}
