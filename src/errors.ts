/**
 * The four error classes of plateau. Every message names the call and the offending values, on one line, so a CLI
 * can print `err.message` alone and exit non-zero.
 */
export class PlateauError extends Error {
  constructor(message: string, readonly details?: Record<string, unknown>) {
    // a message quotes what the user gave (a name, a flag value, a file's text), which may hold line breaks or other
    // control characters: they are shown escaped, so the message stays one line whatever the input
    super(message.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)));
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
