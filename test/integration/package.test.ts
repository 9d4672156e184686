/**
 * plateau as a package: the README's library example runs as written from a folder outside the repository (plateau
 * installed there as a link, resolved through package.json "exports" to the compiled dist/), a module path resolves
 * through the "./*" subpath export, and src/index.ts keeps its public API between 60 and 100 names.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.resolve(__dirname, '../..');
const BAS_2X2 = new Set(['0000', '1111', '1100', '0011', '1010', '0101']);

/** The first ```js block after the README heading `## Using plateau as a library`. */
function readmeExample(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Using plateau as a library\n'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README: no js block under "Using plateau as a library"');
  return m[1];
}

let app: string;
beforeAll(() => {
  // dist/ from the sources as they are (incremental: seconds when nothing changed)
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build-lib.js')], { cwd: root, encoding: 'utf8' });
  expect(b.stderr).toBe('');
  expect(b.status).toBe(0);
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'plateau-app-'));
  fs.mkdirSync(path.join(app, 'node_modules'));
  fs.symlinkSync(root, path.join(app, 'node_modules', 'plateau'), 'dir');
});
afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

const node = (file: string) =>
  spawnSync(process.execPath, [file], {
    cwd: app,
    encoding: 'utf8',
    timeout: 120000,
    env: { ...process.env, PLATEAU_BACKEND: '' },
  });

test("the README's library example trains, saves, loads and samples a model from a plain Node script", () => {
  fs.writeFileSync(path.join(app, 'example.js'), readmeExample());
  const r = node('example.js');
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const [trained, sampled] = r.stdout.trim().split('\n');
  const m = /^150 steps on the cpu backend: TVD (\d\.\d{3}), mass on the 6 patterns (\d\.\d{3})$/.exec(trained);
  expect(m).not.toBeNull();
  expect(Number(m![1])).toBeLessThan(0.1); // from TVD 1.4 at the start: the model learnt the 6 patterns
  expect(Number(m![2])).toBeGreaterThan(0.95);
  const samples = /^12 samples: ((?:[01]{4} ?){12})$/.exec(sampled)![1].trim().split(' ');
  expect(samples.filter((s) => BAS_2X2.has(s)).length).toBeGreaterThanOrEqual(10);
  expect(r.stdout).toContain(readmeOutput()); // the README shows what it prints
});

/** The output block the README shows under the example. */
function readmeOutput(): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Using plateau as a library\n'));
  return /It prints[^\n]*\n\n```\n([\s\S]*?)```/.exec(section)![1].trim();
}

test('module paths resolve through the "./*" export, with their types beside them', () => {
  fs.writeFileSync(
    path.join(app, 'deep.js'),
    "const { quantile } = require('plateau/stats/quantile');\nconsole.log(quantile([4, 1, 3, 2], 0.25));\n",
  );
  const r = node('deep.js');
  expect([r.status, r.stdout.trim(), r.stderr]).toEqual([0, '1.75', '']);
  expect(fs.existsSync(path.join(root, 'dist/stats/quantile.d.ts'))).toBe(true);
  expect(fs.existsSync(path.join(root, 'dist/index.d.ts'))).toBe(true);
});

test('the public API has 60 to 100 names, and dist/index.js exports every value among them', () => {
  const src = fs.readFileSync(path.join(root, 'src/index.ts'), 'utf8');
  const names = [...src.matchAll(/export (type )?\{([^}]*)\}/g)].flatMap((m) =>
    m[2]
      .split(',')
      .map((n) => (m[1] ? `type ${n.trim()}` : n.trim()))
      .filter((n) => n && n !== 'type'),
  );
  expect(names.length).toBeGreaterThanOrEqual(60);
  expect(names.length).toBeLessThanOrEqual(100);
  expect(new Set(names).size).toBe(names.length);
  const values = names.filter((n) => !n.startsWith('type ')).sort();
  fs.writeFileSync(path.join(app, 'keys.js'), "console.log(JSON.stringify(Object.keys(require('plateau')).sort()));\n");
  const r = node('keys.js');
  expect(r.status).toBe(0);
  expect(JSON.parse(r.stdout)).toEqual(values);
});
