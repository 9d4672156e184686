/**
 * The four error classes of plateau. Every message names the call and the offending values, on one line, so a CLI
 * can print `err.message` alone and exit non-zero.
 */
export class PlateauError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad configuration or command-line input (unknown name, out-of-range value, malformed file). */
export class ConfigError extends PlateauError {}

/** A shape, qubit count, parameter count or batch size that does not match. */
export class ShapeError extends PlateauError {}

/** A combination that exists in principle but is not implemented (engine × gate, backend × op). */
export class NotSupportedError extends PlateauError {}

/** NaN/Inf in a loss or gradient, or a state whose norm drifted. */
export class NumericalError extends PlateauError {}
