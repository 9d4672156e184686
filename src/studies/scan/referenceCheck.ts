/**
 * A reference with a known large-n law, read by the same verdict as the data (same n, same σ per point): if even the
 * exact value reads otherwise than its large-n law over the measured range, the range is pre-asymptotic and the data's
 * reading of that kind says nothing about the large-n law. Example: the exact Haar KL variance for n² random strings,
 * (π²/6)/n² − ψ₁(2^n), is ∝ n^{−2} at large n but reads "exponential" over n = 4…12 at 3 % per point, because ψ₁(2^n)
 * is 60 % of it at n = 4.
 */
import { decayVerdict, DecayVerdict } from '../fits';
import { Reference, VerdictCaveat } from './reference';
import { SeriesFit } from './series';

const LAW_KIND: Record<NonNullable<Reference['law']>, DecayVerdict['kind']> = {
  exponential: 'barren plateau',
  'power law': 'polynomial',
  constant: 'flat',
};
const LAW_TEXT: Record<NonNullable<Reference['law']>, string> = {
  exponential: 'exponential',
  'power law': 'a power law',
  constant: 'constant',
};
const KIND_TEXT: Partial<Record<DecayVerdict['kind'], string>> = {
  'barren plateau': 'exponential',
  polynomial: 'power law',
  flat: 'flat',
  growing: 'growing',
};

/** The caveats that references with a law put on the fits they are compared with. */
export function referenceCaveats(references: Reference[], fits: SeriesFit[], level: number): VerdictCaveat[] {
  const out: VerdictCaveat[] = [];
  for (const ref of references) {
    if (!ref.law || !ref.compares) continue;
    const fit = fits.find((f) => f.series === ref.compares!.series && f.quantity === ref.compares!.quantity);
    const v = fit?.verdict;
    if (!v || !v.sigmaLn) continue;
    // the fit's σ are in ascending n; take the reference at the same n with the same σ
    const at = new Map(ref.points.map((p) => [p.x, p.y]));
    const xs: number[] = [],
      ys: number[] = [],
      sig: number[] = [];
    fit!.ns.forEach((n, i) => {
      const y = at.get(n);
      if (y !== undefined && y > 0) {
        xs.push(n);
        ys.push(y);
        sig.push(v.sigmaLn![i]);
      }
    });
    const fitN = v.range;
    if (xs.length < 3 || xs[0] !== fitN[0] || xs[xs.length - 1] !== fitN[1]) continue;
    const r = decayVerdict(xs, ys, level, 'Var', sig);
    const expected = LAW_KIND[ref.law];
    if (r.kind === expected || r.kind === 'inconclusive' || v.kind !== r.kind) continue;
    out.push({
      series: fit!.series,
      quantity: fit!.quantity,
      inconclusive: v.kind !== expected,
      text: `the reference ${ref.name.split(' — ')[0].split(': ').slice(1).join(': ')}, ${LAW_TEXT[ref.law]} at large n, reads "${KIND_TEXT[r.kind]}" too over n = ${xs[0]}…${xs[xs.length - 1]} at the data's σ: this range is pre-asymptotic and cannot show the large-n law`,
    });
  }
  return out;
}
