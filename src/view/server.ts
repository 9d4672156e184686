/**
 * The HTTP server of `plateau view`: one page and its bundled scripts (vega, vega-lite, vega-embed from node_modules;
 * nothing from the network, which the page's Content-Security-Policy also forbids), a JSON API over the catalog, the
 * live event stream, and read-only access to files inside the served folders (safePath.ts). Only GET and HEAD are
 * answered; nothing is ever written. Bound to loopback, it also refuses requests whose Host header names another host,
 * so a web page elsewhere cannot reach it through DNS rebinding.
 */
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { projectRoot } from '../paths';
import { Catalog } from './catalog';
import { compareView, CompareDoc } from './compareView';
import { Scale } from './curves';
import { ServedRoot } from './discover';
import { Subscriber } from './events';
import { readJsonCached } from './jsonFiles';
import { runView } from './runView';
import { resolveInside, urlSegments } from './safePath';
import { scanView, ScanDoc } from './scanView';

export interface ViewServerOptions {
  roots: readonly ServedRoot[];
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** How often the folders are polled for new runs and metrics lines. */
  pollMs: number;
}

export interface ViewServer {
  url: string;
  port: number;
  catalog: Catalog;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.csv': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
// vega compiles its expressions with new Function: 'unsafe-eval', but no inline script and no other origin
const PAGE_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// a file of a run folder (an SVG could hold a script) is shown as an inert document
const FILE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox";

export const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

function staticDir(): string {
  const here = path.join(__dirname, 'static'),
    inRepo = path.join(projectRoot(), 'src', 'view', 'static');
  return fs.existsSync(path.join(here, 'index.html')) ? here : inRepo;
}

/** The page's own files and the browser builds of vega, vega-lite and vega-embed, by the name the page asks for. */
function assets(): Map<string, string> {
  const dir = staticDir(),
    build = (pkg: string, file: string) => path.join(path.dirname(require.resolve(pkg)), file);
  return new Map([
    ['index.html', path.join(dir, 'index.html')],
    ['app.js', path.join(dir, 'app.js')],
    ['style.css', path.join(dir, 'style.css')],
    ['vega.min.js', build('vega', 'vega.min.js')],
    ['vega-lite.min.js', build('vega-lite', 'vega-lite.min.js')],
    ['vega-embed.min.js', build('vega-embed', 'vega-embed.min.js')],
  ]);
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...extra,
  };
}

export async function startViewServer(o: ViewServerOptions): Promise<ViewServer> {
  const catalog = new Catalog(o.roots),
    files = assets(),
    subscribers = new Set<Subscriber>();
  catalog.refresh();
  const loopback = LOOPBACK.has(o.host);

  const send = (res: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8') => {
    res.writeHead(status, headers({ 'Content-Type': type, 'Content-Security-Policy': PAGE_CSP }));
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };
  const json = (res: http.ServerResponse, value: unknown) => send(res, 200, JSON.stringify(value), TYPES['.json']);
  const sendFile = (res: http.ServerResponse, file: string, csp: string) => {
    const type = TYPES[path.extname(file).toLowerCase()];
    if (!type) return send(res, 403, 'not a file type the view serves\n');
    let st: fs.Stats;
    try {
      st = fs.statSync(file);
    } catch {
      return send(res, 404, 'no such file\n');
    }
    if (!st.isFile()) return send(res, 404, 'not a file\n');
    res.writeHead(
      200,
      headers({ 'Content-Type': type, 'Content-Length': String(st.size), 'Content-Security-Policy': csp }),
    );
    if (res.req.method === 'HEAD') return res.end();
    fs.createReadStream(file, { flags: 'r' })
      .on('error', () => res.destroy())
      .pipe(res);
  };

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'read-only: GET and HEAD only\n');
    }
    if (loopback && !allowedHost(req.headers.host))
      return send(res, 403, 'this server answers only to 127.0.0.1, localhost and [::1]\n');
    const [rawPath, query = ''] = (req.url ?? '/').split('?', 2);
    const params = new URLSearchParams(query);
    const segments = urlSegments(rawPath);
    if (!segments) return send(res, 400, 'malformed or climbing path refused\n');
    const [head, ...rest] = segments;
    if (head === undefined) return sendFile(res, files.get('index.html')!, PAGE_CSP);
    if (head === 'favicon.ico') return res.writeHead(204, headers()).end();
    if (head === 'assets' && rest.length === 1 && files.has(rest[0]))
      return sendFile(res, files.get(rest[0])!, PAGE_CSP);
    if (head === 'files' && rest.length >= 2) {
      const root = o.roots.find((r) => String(r.index) === rest[0]);
      if (!root) return send(res, 404, 'no such served folder\n');
      const r = resolveInside(root.dir, rest.slice(1));
      return r.ok ? sendFile(res, r.file, FILE_CSP) : send(res, r.status, `${r.reason}\n`);
    }
    if (head === 'api' && rest.length === 1) return api(rest[0], params, res);
    return send(res, 404, 'not found\n');
  };

  const api = (name: string, params: URLSearchParams, res: http.ServerResponse) => {
    if (name === 'catalog') return json(res, catalog.snapshot);
    if (name === 'events') {
      const scale = (
        ['auto', 'log', 'linear'].includes(params.get('scale') ?? '') ? params.get('scale') : 'auto'
      ) as Scale;
      const sub = new Subscriber(res, params.getAll('run'), scale);
      subscribers.add(sub);
      res.req.on('close', () => subscribers.delete(sub));
      return sub.update(catalog);
    }
    const found = catalog.get(params.get('id') ?? '');
    const kind = { run: 'train', scan: 'scan', compare: 'compare' }[name];
    if (!kind) return send(res, 404, 'no such API\n');
    if (!found || found.kind !== kind)
      return send(res, 404, `no ${name} with id "${params.get('id')}" in the served folders\n`);
    if (found.kind === 'train') return json(res, runView(found));
    const doc = readJsonCached(path.join(found.dir, found.kind === 'scan' ? 'scan.json' : 'report.json'));
    if (!doc) return send(res, 404, 'its file is gone or not readable\n');
    try {
      return json(res, found.kind === 'scan' ? scanView(doc as ScanDoc) : compareView(doc as CompareDoc, found.dir));
    } catch (e) {
      return send(res, 500, `could not read ${found.rel}: ${(e as Error).message}\n`);
    }
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (e) {
      if (!res.headersSent) send(res, 500, `${(e as Error).message}\n`);
      else res.destroy();
    }
  });
  let port = o.port;
  const allowedHost = (h: string | undefined) =>
    h !== undefined && [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`].includes(h.toLowerCase());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const timer = setInterval(() => {
    try {
      catalog.refresh();
      for (const s of subscribers) s.update(catalog);
    } catch (e) {
      process.stderr.write(`plateau view: ${(e as Error).message}\n`); // a folder that vanished mid-walk: next poll
    }
  }, o.pollMs);
  const shownHost = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    url: `http://${shownHost}:${port}/`,
    port,
    catalog,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
