/** The view's path guard: decoded segments that climb are refused, and so is any path a symlink leads out of its folder. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { isInside, resolveInside, urlSegments } from '../../src/view/safePath';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'view-safe-'));
const root = path.join(tmp, 'served');
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => {
  fs.mkdirSync(path.join(root, 'run'), { recursive: true });
  fs.writeFileSync(path.join(root, 'run', 'summary.md'), 'inside\n');
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'outside\n');
  fs.symlinkSync(tmp, path.join(root, 'link-out'));
  fs.symlinkSync(path.join(tmp, 'secret.txt'), path.join(root, 'run', 'secret-link.txt'));
  fs.symlinkSync(path.join(root, 'run'), path.join(root, 'link-in'));
});

test('urlSegments decodes once and refuses segments that climb, hide a separator or a NUL', () => {
  expect(urlSegments('/files/0/run/summary.md')).toEqual(['files', '0', 'run', 'summary.md']);
  expect(urlSegments('/')).toEqual([]);
  expect(urlSegments('/files/0/a%20b.md')).toEqual(['files', '0', 'a b.md']);
  // double encoding decodes to a harmless literal name
  expect(urlSegments('/files/0/%252e%252e')).toEqual(['files', '0', '%2e%2e']);
  for (const bad of [
    '/files/0/../x',
    '/files/0/%2e%2e/x',
    '/files/0/%2E%2E/x',
    '/files/0/%2e%2e%2fx',
    '/files/0/..%2fx',
    '/files/0/..%5cx',
    '/files/0/%2fetc%2fpasswd',
    '/files/0/./x',
    '/files/0//x',
    '/files/0/%00',
    '/files/0/a%ZZ',
    '/files/0/%c0%ae%c0%ae/x',
  ])
    expect(urlSegments(bad)).toBeNull();
});

test('resolveInside serves files and inside symlinks, refuses what leads out', () => {
  const ok = resolveInside(root, ['run', 'summary.md']);
  expect(ok).toEqual({ ok: true, file: fs.realpathSync(path.join(root, 'run', 'summary.md')) });
  expect(resolveInside(root, ['link-in', 'summary.md']).ok).toBe(true);
  expect(resolveInside(root, ['link-out', 'secret.txt'])).toMatchObject({ ok: false, status: 403 });
  expect(resolveInside(root, ['run', 'secret-link.txt'])).toMatchObject({ ok: false, status: 403 });
  expect(resolveInside(root, ['..', 'secret.txt'])).toMatchObject({ ok: false, status: 400 });
  expect(resolveInside(root, ['run', 'missing.md'])).toMatchObject({ ok: false, status: 404 });
  expect(resolveInside(path.join(tmp, 'nowhere'), ['x'])).toMatchObject({ ok: false, status: 404 });
});

test('isInside compares whole path components', () => {
  expect(isInside('/a/b', '/a/b')).toBe(true);
  expect(isInside('/a/b', '/a/b/c')).toBe(true);
  expect(isInside('/a/b', '/a/bc')).toBe(false);
  expect(isInside('/a/b', '/a')).toBe(false);
});
