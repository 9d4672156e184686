/** Project paths: the root is found by its default preset, and relative data paths fall back to it. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { projectRoot, resolveProjectPath } from '../src/paths';

test('the project root holds models/start.json and data/, and relative paths resolve there from any directory', () => {
  const root = projectRoot();
  expect(root).toBe(path.resolve(__dirname, '..'));
  const cwd = process.cwd();
  try {
    process.chdir(os.tmpdir());
    expect(resolveProjectPath('data/showers-n9')).toBe(path.join(root, 'data/showers-n9'));
    expect(fs.existsSync(resolveProjectPath('models/start.json'))).toBe(true);
    expect(resolveProjectPath('/abs/x')).toBe('/abs/x');
    expect(resolveProjectPath('no/such/thing')).toBe(path.resolve(os.tmpdir(), 'no/such/thing'));
  } finally {
    process.chdir(cwd);
  }
});
