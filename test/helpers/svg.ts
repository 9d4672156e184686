/**
 * Reading what a chart draws from vega's SVG, so tests check content and not existence: the marks of each kind (bars,
 * lines, points, rects, rules) with their aria labels and sizes, the axis labels with their positions, and whether
 * any two labels of an axis overlap. Vega labels every mark item (`aria-label="series: adam; KL: 0.001"`).
 */
import * as fs from 'fs';

export interface SvgMark {
  /** vega's aria-roledescription: "bar", "line mark", "circle", "rect", "rule", … */
  kind: string;
  label: string;
  /** Path data (path marks) or undefined. */
  d?: string;
}

const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/** Every data mark item (role="graphics-symbol"), legend symbols excluded. */
export function svgMarks(svg: string): SvgMark[] {
  const out: SvgMark[] = [];
  for (const m of svg.matchAll(/<(path|line|circle|rect|text)\s[^>]*role="graphics-symbol"[^>]*>/g)) {
    const tag = m[0];
    out.push({
      kind: attr(tag, 'aria-roledescription') ?? m[1],
      label: attr(tag, 'aria-label') ?? '',
      d: attr(tag, 'd'),
    });
  }
  return out;
}

/** Width × height of a bar's path "Mx,yhWvHh-WZ" (0 for an empty bar). */
export function barArea(d: string | undefined): number {
  const m = d ? /h(-?[\d.e+-]+)v(-?[\d.e+-]+)/.exec(d) : null;
  return m ? Math.abs(Number(m[1]) * Number(m[2])) : 0;
}

/** Bars with a drawn area. */
export const drawnBars = (svg: string) => svgMarks(svg).filter((m) => m.kind === 'bar' && barArea(m.d) > 0);

export interface AxisLabel {
  text: string;
  x: number;
  y: number;
  angle: number;
  fontSize: number;
}

/** The tick labels of each axis, in drawing order; one array per axis. */
export function axisLabels(svg: string): AxisLabel[][] {
  const out: AxisLabel[][] = [];
  for (const g of svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/g)) {
    const labels: AxisLabel[] = [];
    for (const t of g[1].matchAll(/<text\s([^>]*)>([^<]*)<\/text>/g)) {
      const tr = /translate\(([-\d.e]+),([-\d.e]+)\)(?: rotate\(([-\d.e]+)\))?/.exec(t[1]);
      const fs = /font-size="([\d.]+)px"/.exec(t[1]) ?? /font-size:\s*([\d.]+)px/.exec(t[1]);
      labels.push({
        text: t[2],
        x: tr ? Number(tr[1]) : 0,
        y: tr ? Number(tr[2]) : 0,
        angle: tr?.[3] ? Number(tr[3]) : 0,
        fontSize: fs ? Number(fs[1]) : 10,
      });
    }
    out.push(labels);
  }
  return out;
}

/**
 * Pairs of labels on one axis whose boxes overlap, estimating a label's width as 0.6 em per character (DejaVu Sans
 * averages ≈ 0.55–0.6 em) and its height as 1 em. Rotated labels (|angle| ≥ 45°) are stacked by their height.
 */
export function overlappingLabels(labels: AxisLabel[]): [string, string][] {
  const out: [string, string][] = [];
  const box = (l: AxisLabel) => {
    const w = 0.6 * l.fontSize * l.text.length,
      h = l.fontSize;
    return Math.abs(l.angle) >= 45
      ? { x0: l.x - h / 2, x1: l.x + h / 2, y0: l.y, y1: l.y + w }
      : { x0: l.x - w / 2, x1: l.x + w / 2, y0: l.y - h / 2, y1: l.y + h / 2 };
  };
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      const a = box(labels[i]),
        b = box(labels[j]);
      if (a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5)
        out.push([labels[i].text, labels[j].text]);
    }
  return out;
}

/** The SVG next to a written PNG (savePlot writes both). */
export const readSvg = (base: string) => fs.readFileSync(base.replace(/\.(png|svg)$/, '') + '.svg', 'utf8');

/**
 * Variance of the luminance of the chart as rendered (resvg, as savePlot renders the PNG), over its pixels: 0 for a
 * blank image; a chart with drawn marks lies well above its frame and text alone (see the tests' thresholds).
 */
export function pixelVariance(svg: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resvg } = require('@resvg/resvg-js') as {
    Resvg: new (svg: string, o?: unknown) => { render(): { pixels: Uint8Array } };
  };
  const px = new Resvg(svg, { font: { loadSystemFonts: true } }).render().pixels;
  let s = 0,
    s2 = 0;
  const n = px.length / 4;
  for (let i = 0; i < px.length; i += 4) {
    const l = 0.299 * px[i] + 0.587 * px[i + 1] + 0.114 * px[i + 2];
    s += l;
    s2 += l * l;
  }
  return s2 / n - (s / n) ** 2;
}

/** Facet column headers in drawing order: text, x of their column, rotation and font size. */
export function columnHeaders(svg: string): AxisLabel[] {
  const out: AxisLabel[] = [];
  const start = svg.indexOf('role-column-header');
  if (start < 0) return out;
  const re =
    /<g transform="translate\(([-\d.e]+),([-\d.e]+)\)"><path class="background"[^>]*\/><g><g class="mark-group role-title">.*?<text ([^>]*)>([^<]*)<\/text>/g;
  for (const m of svg.slice(start).matchAll(re)) {
    if (!/role-column-header|role-title/.test(m[0])) continue;
    const rot = /rotate\(([-\d.e]+)\)/.exec(m[3]),
      fs = /font-size="([\d.]+)px"/.exec(m[3]);
    out.push({
      text: m[4],
      x: Number(m[1]),
      y: Number(m[2]),
      angle: rot ? Number(rot[1]) : 0,
      fontSize: fs ? Number(fs[1]) : 10,
    });
  }
  return out;
}

/**
 * Neighbouring rotated headers overlap when the perpendicular distance between their text lines, dx·|sin θ|, is
 * below the font size; horizontal ones when their estimated widths (0.6 em per character) exceed their distance.
 */
export function overlappingHeaders(h: AxisLabel[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 1; i < h.length; i++) {
    const dx = Math.abs(h[i].x - h[i - 1].x),
      a = (h[i].angle * Math.PI) / 180;
    const clash =
      h[i].angle === 0
        ? 0.3 * h[i].fontSize * (h[i].text.length + h[i - 1].text.length) > dx
        : dx * Math.abs(Math.sin(a)) < h[i].fontSize;
    if (clash) out.push([h[i - 1].text, h[i].text]);
  }
  return out;
}
