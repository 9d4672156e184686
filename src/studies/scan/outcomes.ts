/**
 * What each preset adds to a scan's report: references (named with their assumptions, banded like the data they are
 * compared with: reference.ts), key numbers measured against them, and verdict caveats. One function per preset;
 * the registry is presets.ts. Formulas: haarKl.ts (KL of Haar states, clipped and not), theory.ts (product states,
 * [O]'s bound), losses/spectrum.ts ([R] Eq. 235), and McClean et al.'s 2-design value below.
 */
import { resolveBandwidth } from '../../losses/bandwidth';
import { DEFAULT_EPSILON } from '../../losses/explicit';
import { productAnsatzMmdVariance } from '../../losses/spectrum';
import { PointResult } from './compute';
import { scanCircuit } from './ansatz';
import { scanDistribution } from './datasets';
import { klVarianceHaar, klVarianceHaarClipped, klVarianceLargeN } from './haarKl';
import { scanLossKey } from './losses';
import { emptyOutcome, g3, pct, PresetOutcome, Reference, referenceFor } from './reference';
import { Quantity, scanSeries, SeriesFit } from './series';
import { ScanSpec } from './spec';
import { ortizVarianceBound, productHaarLqfVariance, productHaarQfVariance } from './theory';

const epsText = (e: number) => (e > 0 && e < 1e-3 ? e.toExponential(0) : String(e));

/** Closed form vs measured Var[L] per n for the MMD series. */
export function mmdProduct(spec: ScanSpec, points: PointResult[]): PresetOutcome {
  const out = emptyOutcome();
  if (spec.ansatz !== 'product-haar')
    out.keyNumbers.push(
      `note: the closed form assumes Haar single-qubit unitaries; ansatz "${spec.ansatz}" is not that, expect a mismatch`,
    );
  for (const s of scanSeries(spec, points)) {
    const l = spec.losses.find((x) => scanLossKey(x) === s.loss);
    if (!l || l.loss !== 'mmd' || s.shots !== null || !s.dataset) continue;
    const closed = (n: number) =>
      productAnsatzMmdVariance(
        scanDistribution(s.dataset!, n, spec.seed),
        l.sigmas.map((b) => resolveBandwidth(b, n)),
      ).variance;
    const ref = referenceFor(s, 'lossVar', 'loss', `${s.label}: [R] Eq. 235 — Haar product states, exact`, closed);
    const ratios = s.rows.map((r, i) => {
      const dev = r.entry.lossVar.value / ref.points[i].y - 1;
      out.values[`dev:${s.key}:n=${r.n}`] = dev;
      return `n=${r.n} ${pct(dev)}`;
    });
    out.references.push(ref);
    out.keyNumbers.push(`${s.label}: Var[L] vs closed form: ${ratios.join(', ')}`);
  }
  return out;
}

/** The large-n law of Σp² for the scan's named datasets, when it is known (Σp² = 1/|support| for uniform data). */
function collisionLaw(dataset: string): Reference['law'] | undefined {
  if (dataset === 'ghz' || /^random:\d+$/.test(dataset)) return 'constant';
  if (/^random:\d*\*?n(\^\d+)?$/.test(dataset) || /^cardinality:\d+$/.test(dataset)) return 'power law';
  if (dataset === 'cardinality' || dataset === 'parity' || dataset === 'uniform') return 'exponential';
  return undefined;
}

/**
 * Exact KL variance of Haar states against [R]'s (π²/6)Σp² (large-n limit), the exact unclipped value
 * (π²/6)Σp² − ψ₁(2^n), and — where the loss's ε clipping changes it by more than 0.1 % in range — the exact clipped one.
 */
export function klDeep(spec: ScanSpec, points: PointResult[]): PresetOutcome {
  const out = emptyOutcome();
  for (const s of scanSeries(spec, points)) {
    const l = spec.losses.find((x) => scanLossKey(x) === s.loss);
    if (!l || l.loss !== 'kl' || s.shots !== null || s.depth !== 'haar' || !s.dataset) continue;
    const eps = l.epsilon ?? DEFAULT_EPSILON,
      p = (n: number) => scanDistribution(s.dataset!, n, spec.seed);
    const exact = (n: number) => klVarianceHaar(p(n), n),
      clipped = (n: number) => klVarianceHaarClipped(p(n), n, eps);
    const clipMatters = eps > 0 && s.rows.some((r) => Math.abs(clipped(r.n) / exact(r.n) - 1) > 1e-3);
    const large = referenceFor(
      s,
      'lossVar',
      'loss',
      `${s.dataset}: (π²/6)Σp² [R] — unclipped KL, Haar states, large-n limit`,
      (n) => klVarianceLargeN(p(n)),
    );
    const ex = referenceFor(
      s,
      'lossVar',
      'loss',
      clipMatters
        ? `${s.dataset}: (π²/6)Σp² − ψ₁(2^n) — unclipped KL, Haar states, exact`
        : `${s.dataset}: (π²/6)Σp² − ψ₁(2^n) — KL as computed (clipping at ε = ${epsText(eps)} < 0.1 % here), Haar states, exact`,
      exact,
      collisionLaw(s.dataset),
    );
    const cl = clipMatters
      ? referenceFor(
          s,
          'lossVar',
          'loss',
          `${s.dataset}: KL clipped at ε = ${epsText(eps)} as computed — Haar states, exact (quadrature)`,
          clipped,
        )
      : null;
    out.references.push(large, ex, ...(cl ? [cl] : []));
    const parts = s.rows.map((r, i) => {
      const v = r.entry.lossVar.value,
        tag = `${s.dataset}:n=${r.n}`;
      out.values[`dev:${tag}`] = v / large.points[i].y - 1;
      out.values[`devExact:${tag}`] = v / ex.points[i].y - 1;
      if (cl) out.values[`devClipped:${tag}`] = v / cl.points[i].y - 1;
      return `n=${r.n} ${g3(v)} (${pct(v / large.points[i].y - 1)}, ${pct(v / ex.points[i].y - 1)}${cl ? `, ${pct(v / cl.points[i].y - 1)}` : ''})`;
    });
    out.keyNumbers.push(
      `${s.dataset}: Var[KL] (vs (π²/6)Σp², vs (π²/6)Σp² − ψ₁(2^n)${cl ? `, vs clipped at ε = ${epsText(eps)}` : ''}): ${parts.join(', ')}`,
    );
  }
  return out;
}

/** KL from shots vs its fixed point Σp̃ log(p̃/ε), per n. */
export function klShots(spec: ScanSpec, points: PointResult[]): PresetOutcome {
  const out = emptyOutcome();
  const shots = spec.shots.filter((s): s is number => s !== 'exact');
  const lo = Math.min(...shots),
    hi = Math.max(...shots);
  const done = new Set<string>();
  for (const s of scanSeries(spec, points)) {
    const l = spec.losses.find((x) => scanLossKey(x) === s.loss);
    if (!l || l.loss !== 'kl' || !s.dataset) continue;
    const eps = l.epsilon ?? DEFAULT_EPSILON;
    for (const r of s.rows) {
      const p = scanDistribution(s.dataset, r.n, spec.seed);
      const fixed = p.reduce((a, v) => a + (v > 0 ? v * Math.log(v / eps) : 0), 0);
      const tag = `${s.dataset}:n=${r.n}`;
      if (!done.has(s.dataset)) {
        out.references.push({
          chart: 'shots',
          name: `${s.dataset}: fixed point Σp̃ log(p̃/ε), ε = ${epsText(eps)} — every shot off the support`,
          points: [
            { x: lo, y: fixed },
            { x: hi, y: fixed },
          ],
        });
        done.add(s.dataset);
      }
      if (!out.rules.some((u) => u.x === 2 ** r.n)) out.rules.push({ chart: 'shots', x: 2 ** r.n, name: `2^${r.n}` });
      if (s.shots === null) out.values[`exact:${tag}`] = r.entry.lossMean.value;
      else {
        out.values[`dev:${tag}:N=${s.shots}`] = r.entry.lossMean.value / fixed - 1;
        out.values[`miss:${tag}:N=${s.shots}`] = r.entry.missFraction ?? NaN;
      }
    }
  }
  for (const n of spec.qubits)
    for (const d of spec.datasets) {
      const tag = `${d}:n=${n}`,
        parts = shots.map(
          (N) =>
            `N=${N}: ${pct(out.values[`dev:${tag}:N=${N}`])} (${Math.round(100 * out.values[`miss:${tag}:N=${N}`])}% pinned)`,
        );
      out.keyNumbers.push(
        `${d}, n=${n} (2^n=${2 ** n}): mean KL vs fixed point: ${parts.join('; ')}${out.values[`exact:${tag}`] !== undefined ? `; exact mean ${g3(out.values[`exact:${tag}`])}` : ''}`,
      );
    }
  return out;
}

/**
 * McClean et al.'s 2-design values. For a traceless H with Tr H² = d (Z₀Z₁, d = 2^n) and V a unitary 2-design after the
 * first gate exp(−iθP/2): ∂E/∂θ = Tr(C V†HV), C = i[ρ, P/2], so by the Haar second moment
 * Var = Tr(C²)·Tr(H²)/(d² − 1) = d(1 − ⟨P⟩²)/(2(d² − 1)), with ⟨P⟩ on RY(π/4)|0⟩: X, Z → ½, Y → 1 for 1 − ⟨P⟩².
 * Averaged over the instances' first gates (draw-weighted). Var[E] of a Haar state: 1/(d + 1); [O]'s bound on it:
 * 2(ln 4 − S_Page(4, 2^{n−2})) (theory.ts), qubits 0, 1 visible.
 */
export function mcclean(spec: ScanSpec, points: PointResult[], fits: SeriesFit[]): PresetOutcome {
  const out = emptyOutcome();
  const oneMinus: Record<string, number> = { rx: 0.5, ry: 1, rz: 0.5 };
  const gradRef = (p: PointResult) => {
    const d = 2 ** p.n;
    let acc = 0;
    for (let k = 0; k < spec.circuits; k++) {
      const c = scanCircuit(spec.ansatz, p.n, p.layers, spec.seed, k).circuit!;
      const first = c.gates.find((g) => g.params?.some((a) => typeof a !== 'number'))!;
      const rows = Math.floor(((k + 1) * spec.draws) / spec.circuits) - Math.floor((k * spec.draws) / spec.circuits);
      acc += (rows / spec.draws) * (oneMinus[first.kind] ?? NaN);
    }
    return (d * acc) / (2 * (d * d - 1));
  };
  for (const s of scanSeries(spec, points)) {
    if (spec.ansatz !== 'mcclean' || s.loss !== 'zz' || s.depth === 'haar') continue;
    const g = referenceFor(
      s,
      'gradVarFirst',
      'gradient',
      `${s.label}: 2-design value d(1−⟨P⟩²)/(2(d²−1)) — unitary 2-design after the first gate, exact`,
      (_n, r) => gradRef(r.point),
      'exponential',
    );
    out.references.push(g);
    out.references.push(
      referenceFor(
        s,
        'lossVar',
        'loss',
        `${s.label}: Haar value 1/(2^n+1) — Haar states, exact`,
        (n) => 1 / (2 ** n + 1),
        'exponential',
      ),
    );
    out.references.push(
      referenceFor(
        s,
        'lossVar',
        'loss',
        `${s.label}: [O] bound 2(ln 4 − S_Page) — Haar states, qubits 0,1 visible, upper bound`,
        (n) => (n >= 2 ? ortizVarianceBound(1, 4, 2 ** (n - 2)) : null),
      ),
    );
    const parts = s.rows.map((r, i) => {
      const dev = (r.entry.grad?.varFirst.value ?? NaN) / g.points[i].y - 1;
      out.values[`dev:${s.key}:n=${r.n}`] = dev;
      return `n=${r.n} ${pct(dev)}`;
    });
    out.keyNumbers.push(`${s.label}: Var[∂E/∂θ₁] vs 2-design value: ${parts.join(', ')}`);
  }
  for (const f of fits.filter((x) => x.quantity === 'gradVarFirst' && x.verdict)) {
    const e = f.verdict!.exponential;
    out.values[`slope:${f.series}`] = e.slope;
    out.values[`slopeLo:${f.series}`] = e.slopeCI[0];
    out.values[`slopeHi:${f.series}`] = e.slopeCI[1];
    const f3 = (x: number) => x.toFixed(3).replace('-', '−');
    out.keyNumbers.push(
      `${f.label}: slope of ln Var[∂E/∂θ₁] = ${f3(e.slope)} (${Math.round(spec.level * 100)}% CI ${f3(e.slopeCI[0])}…${f3(e.slopeCI[1])}) vs −ln 2 = −0.693`,
    );
  }
  return out;
}

/** Verdict lines, and for LQF/QF on Haar product states (depth 0) their closed forms (theory.ts). */
export const verdictsOnly =
  (q: Quantity) =>
  (spec: ScanSpec, points: PointResult[], fits: SeriesFit[]): PresetOutcome => {
    const out = emptyOutcome();
    out.keyNumbers.push(...fits.filter((f) => f.quantity === q).map((f) => `${f.label}: ${f.verdict?.text ?? f.note}`));
    for (const f of fits)
      if (f.verdict) {
        out.values[`expSlope:${f.quantity}:${f.series}`] = f.verdict.exponential.slope;
        out.values[`powSlope:${f.quantity}:${f.series}`] = f.verdict.powerLaw.slope;
        out.values[`deltaBic:${f.quantity}:${f.series}`] = f.verdict.deltaBic;
      }
    if (spec.ansatz !== 'product-haar') return out;
    for (const s of scanSeries(spec, points)) {
      if ((s.loss !== 'lqf' && s.loss !== 'qf') || s.shots !== null || !s.dataset) continue;
      const closed = (n: number) =>
        (s.loss === 'lqf' ? productHaarLqfVariance : productHaarQfVariance)(
          scanDistribution(s.dataset!, n, spec.seed),
          n,
        );
      const ref = referenceFor(
        s,
        'lossVar',
        'loss',
        `${s.label}: ${s.loss === 'lqf' ? 'Σ|s_i|²/(12n²)' : '3^{−n} − 4^{−n} (one data string)'} — Haar product states, exact`,
        closed,
        s.loss === 'qf' ? 'exponential' : undefined,
      );
      if (!ref.points.length) continue;
      out.references.push(ref);
      out.keyNumbers.push(
        `${s.label}: Var[L] vs closed form: ${s.rows
          .flatMap((r) => {
            const y = ref.points.find((p) => p.x === r.n)?.y;
            return y ? [`n=${r.n} ${pct(r.entry.lossVar.value / y - 1)}`] : [];
          })
          .join(', ')}`,
      );
    }
    return out;
  };
