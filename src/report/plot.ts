/**
 * Plots as Vega-Lite specs rendered headlessly: Vega-Lite → Vega → SVG (vega's View with renderer 'none') → PNG
 * (@resvg/resvg-js). Both files are written atomically next to each other (`<base>.svg`, `<base>.png`). Vega 5 and
 * Vega-Lite 5 are used because their CommonJS builds load under ts-jest; Vega 6 is ESM with top-level await.
 */
import { writeFileAtomic } from '../fsutil';

// Untyped CommonJS builds; the spec type is kept loose on purpose (Vega-Lite validates it when compiling). Loaded on
// first use (0.1 s), so that commands which plot at their end start quickly.
interface Vega {
  View: new (rt: unknown, opts: { renderer: string }) => { toSVG(): Promise<string>; finalize(): void };
  parse(spec: unknown): unknown;
}
interface VegaLite {
  compile(spec: unknown): { spec: unknown };
}
interface ResvgModule {
  Resvg: new (svg: string, opts: unknown) => { render(): { asPng(): Uint8Array } };
}
// literal require() calls, so that the offline bundle (scripts/bundle.ts) inlines them
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadVega = () => ({ vega: require('vega') as Vega, vl: require('vega-lite') as VegaLite });
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadResvg = () => require('@resvg/resvg-js') as ResvgModule;

export type VegaLiteSpec = Record<string, unknown>;

const DEFAULT_CONFIG = {
  font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif',
  background: 'white',
  view: { stroke: null },
};

/** Renders a Vega-Lite spec to SVG text. The spec type is kept loose on purpose: Vega-Lite validates it when compiling. */
export async function toSvg(spec: VegaLiteSpec): Promise<string> {
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    ...spec,
    config: { ...DEFAULT_CONFIG, ...(spec.config as object) },
  };
  const { vega, vl } = loadVega();
  const view = new vega.View(vega.parse(vl.compile(full).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Writes `<base>.svg` and `<base>.png` (PNG at 2× for legibility); returns both paths. */
export async function savePlot(spec: VegaLiteSpec, base: string): Promise<{ svg: string; png: string }> {
  const svg = await toSvg(spec);
  const { Resvg } = loadResvg();
  const png = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, font: { loadSystemFonts: true } }).render().asPng();
  const out = { svg: `${base}.svg`, png: `${base}.png` };
  writeFileAtomic(out.svg, svg);
  writeFileAtomic(out.png, png);
  return out;
}

export interface LineSeries {
  name: string;
  points: { x: number; y: number; lo?: number; hi?: number }[];
}

/**
 * Lines (one per series) with optional error bands [lo, hi]; `logY` for variances and losses spanning decades.
 */
export function lineChart(opts: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  logY?: boolean;
  width?: number;
  height?: number;
}): VegaLiteSpec {
  const values = opts.series.flatMap((s) => s.points.map((p) => ({ series: s.name, ...p })));
  const y = {
    field: 'y',
    type: 'quantitative',
    title: opts.yLabel,
    scale: opts.logY ? { type: 'log' } : { zero: false },
  };
  const x = { field: 'x', type: 'quantitative', title: opts.xLabel, scale: { zero: false } };
  const color = { field: 'series', type: 'nominal', title: null };
  const layers: VegaLiteSpec[] = [{ mark: { type: 'line', point: true }, encoding: { x, y, color } }];
  if (values.some((v) => v.lo !== undefined))
    layers.unshift({
      mark: { type: 'area', opacity: 0.2 },
      encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, color },
    });
  return { title: opts.title, width: opts.width ?? 420, height: opts.height ?? 280, data: { values }, layer: layers };
}
