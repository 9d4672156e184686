/**
 * Where plateau's own files are: the project root holding models/ (presets, saved models) and data/ (shipped
 * datasets). In a checkout that is the repository; in the offline bundle, the unpacked app folder (which ships both);
 * PLATEAU_HOME overrides. Relative paths in configs resolve against the working directory first, then this root, so
 * presets naming "data/showers-n9" work from anywhere.
 */
import * as fs from 'fs';
import * as path from 'path';

let root: string | undefined;

export function projectRoot(): string {
  if (process.env.PLATEAU_HOME) return path.resolve(process.env.PLATEAU_HOME);
  if (root) return root;
  // the marker is the default preset, which the repository and the bundle both ship (src/models is code, not presets)
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'models', 'start.json')) && fs.existsSync(path.join(dir, 'data')))
      return (root = dir);
    if (dir === path.dirname(dir)) return (root = process.cwd());
  }
}

/** `p` if absolute or present relative to the working directory, else `p` under the project root. */
export function resolveProjectPath(p: string): string {
  if (path.isAbsolute(p) || fs.existsSync(p)) return path.resolve(p);
  const inRoot = path.join(projectRoot(), p);
  return fs.existsSync(inRoot) ? inRoot : path.resolve(p);
}
