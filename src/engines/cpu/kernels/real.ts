/** The CPU engine's state arrays (re, im of 2^n amplitudes): Float64Array, or Float32Array in the float32 option. */
export type Real = Float64Array | Float32Array;
