/** The part of the WebAssembly JS API plateau uses (Node has it; TypeScript types it only in lib.dom). */
declare namespace WebAssembly {
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports: object);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    /** `shared` (with `maximum`): the buffer is a SharedArrayBuffer that worker threads may use too. */
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    grow(pages: number): number;
  }
}
