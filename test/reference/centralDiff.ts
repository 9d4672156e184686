/**
 * Central differences of a plain scalar function of a parameter vector, in Float64: the independent check the tests
 * hold autodiff, adjoint and parameter-shift gradients against (error O(h²) plus rounding ≈ ε/h).
 */

/** ∂f/∂x_k ≈ (f(x + h e_k) − f(x − h e_k)) / 2h. */
export function centralPartial(f: (x: number[]) => number, x: readonly number[], k: number, h: number): number {
  const up = x.slice(),
    dn = x.slice();
  up[k] += h;
  dn[k] -= h;
  return (f(up) - f(dn)) / (2 * h);
}

/** The whole gradient ∇f(x) by central differences. */
export function centralDiff(f: (x: number[]) => number, x: readonly number[], h = 1e-5): number[] {
  return x.map((_, k) => centralPartial(f, x, k, h));
}
