/**
 * Overlays any scan gets, preset or not: the collision probability E_θ Σ_x q_θ(x)² of the model's Born distribution
 * (measured per point, with its bootstrap band) on the loss-variance chart of scans with explicit losses, where
 * anticoncentration (Σq² exponentially small) predicts that losses read from polynomially many shots concentrate; and
 * its closed form where one exists (theory.ts: Haar states 2/(2^n+1), Haar product states (2/3)^n, RY product (3/4)^n).
 */
import { PointResult } from './compute';
import { ChartSeries } from './chart';
import { Reference } from './reference';
import { ScanSpec } from './spec';
import { collisionProbability } from './theory';

const EXPLICIT = new Set(['kl', 'rkl', 'js', 'tvd', 'fidelity', 'renyi']);

const depthText = (d: number | string) => (d === 'haar' ? 'L=∞ (Haar)' : `L=${d}`);

/** Measured E Σq² per depth and its closed form, for the loss chart; empty without an explicit loss. */
export function collisionOverlay(
  spec: ScanSpec,
  points: PointResult[],
): { measured: ChartSeries[]; references: Reference[] } {
  if (!spec.losses.some((l) => EXPLICIT.has(l.loss))) return { measured: [], references: [] };
  const measured: ChartSeries[] = [],
    references: Reference[] = [];
  for (const d of spec.depths) {
    const tag = spec.depths.length > 1 ? `, ${depthText(d)}` : '';
    const rows = points.filter((p) => p.depth === d && p.collision).sort((a, b) => a.n - b.n);
    if (!rows.length) continue;
    measured.push({
      name: `E_θ Σq² (collision probability of the model)${tag}`,
      points: rows.map((p) => ({ x: p.n, y: p.collision!.value, lo: p.collision!.lo, hi: p.collision!.hi })),
    });
    const ref = rows.flatMap((p) => {
      const y = collisionProbability(spec.ansatz, p.n, d === 'haar');
      const c = p.collision!;
      return y === null
        ? []
        : [
            {
              x: p.n,
              y,
              ...(c.lo !== null && c.hi !== null && c.value > 0
                ? { lo: (y * c.lo) / c.value, hi: (y * c.hi) / c.value }
                : {}),
            },
          ];
    });
    const what =
      d === 'haar' || spec.ansatz === 'haar'
        ? '2/(2^n+1): Haar states'
        : spec.ansatz === 'product-haar'
          ? '(2/3)^n: Haar product states'
          : '(3/4)^n: RY product, uniform angles';
    if (ref.length) references.push({ chart: 'loss', name: `E Σq² = ${what}, exact${tag}`, points: ref });
  }
  return { measured, references };
}
