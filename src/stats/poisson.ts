/**
 * A Poisson sampler on plateau's Rng (the shower generator's hit counts, data/showers/generator.ts).
 */
import { Rng } from '../rng';

/**
 * A Poisson(λ) count: Knuth's product of uniforms for λ < 30, else the normal approximation N(λ, λ) rounded and
 * clipped at 0 (its relative error in the variance is O(1/λ), far below the generators' other approximations).
 */
export function poisson(lambda: number, rng: Rng): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 30) {
    const limit = Math.exp(-lambda);
    let k = 0,
      prod = rng.uniform();
    while (prod > limit) {
      k++;
      prod *= rng.uniform();
    }
    return k;
  }
  return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
}
