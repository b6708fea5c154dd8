import xz from 'xz-decompress';
import { codecUnavailable } from '../ioError.ts';

/**
 * The exports of xz-decompress's WebAssembly build of xz-embedded that afkit drives directly. A context is six uint32s
 * at its pointer: buffer size, input buffer, input position, input size, output buffer, output position.
 */
interface XzWasm {
  readonly memory: WebAssembly.Memory;
  create_context(): number;
  destroy_context(context: number): void;
  supply_input(context: number, length: number): void;
  get_next_output(context: number): number;
}

/** xz-embedded's return codes: progress, and the end of the stream (its check verified); anything else is an error. */
const XZ_OK = 0;
const XZ_STREAM_END = 1;

let xzWasm: XzWasm | undefined;
/** Why the module could not be loaded: XZ blocks fail with it, other codecs are unaffected. */
let failure = 'the XZ decoder is not loaded yet';

/**
 * The module instance xz-decompress keeps on XzReadableStream. Its stream API costs a ReadableStream, a mutex and an
 * output copy per chunk, more per ROOT block than the context itself; the package version is pinned exactly because this
 * reaches past that API.
 */
export async function loadXz(): Promise<void> {
  try {
    xzWasm = await xzExports();
  } catch (error) {
    failure = `the XZ decoder could not be loaded (${error instanceof Error ? error.message : String(error)})`;
  }
}

async function xzExports(): Promise<XzWasm> {
  const stream = xz.XzReadableStream as unknown as { _moduleInstance?: WebAssembly.Instance; _getModuleInstance?: () => Promise<void> };
  if (!stream._moduleInstance) await stream._getModuleInstance?.();
  const exports = stream._moduleInstance?.exports as Partial<XzWasm> | undefined;
  for (const name of ['create_context', 'destroy_context', 'supply_input', 'get_next_output'] as const) {
    if (typeof exports?.[name] !== 'function') throw new Error(`xz-decompress no longer has the WebAssembly export "${name}" that afkit's XZ decoder uses`);
  }
  if (!(exports!.memory instanceof WebAssembly.Memory)) throw new Error('xz-decompress no longer exports its WebAssembly memory');
  return exports as XzWasm;
}

/**
 * Decodes one xz stream (a ROOT `XZ` block) that should hold `size` bytes into a new buffer, feeding it to one xz-embedded
 * context and copying each output chunk straight into place. Returns what it decoded (the caller checks the length);
 * throws an Error when the stream is corrupt, cut short or longer than `size`. The context is freed either way, so later
 * blocks decode as usual; decoding is synchronous, so contexts never interleave. `loadXz` must have finished.
 */
export function decodeXz(block: Uint8Array, size: number): Uint8Array {
  if (!xzWasm) throw codecUnavailable(failure);
  const context = xzWasm.create_context();
  try {
    const out = new Uint8Array(size);
    let fed = 0;
    let at = 0;
    let stalled = 0;
    for (;;) {
      // Memory may grow inside any call (the dictionary is allocated on the first), so views are taken afresh.
      let state = new Uint32Array(xzWasm.memory.buffer, context, 6);
      if (state[2] === state[3]) {
        // Once the input is all taken, the context is told so by an empty supply, as xz-decompress's stream does.
        const length = Math.min(state[0]!, block.length - fed);
        new Uint8Array(xzWasm.memory.buffer, state[1]!, length).set(block.subarray(fed, fed + length));
        xzWasm.supply_input(context, length);
        fed += length;
      }
      const result = xzWasm.get_next_output(context);
      state = new Uint32Array(xzWasm.memory.buffer, context, 6);
      if (result !== XZ_OK && result !== XZ_STREAM_END) throw new Error(`XZ block is corrupt (xz-embedded error ${result} after ${at} bytes)`);
      const produced = state[5]!;
      if (at + produced > size) throw new Error(`XZ block decompressed to more than the ${size} bytes expected`);
      out.set(new Uint8Array(xzWasm.memory.buffer, state[4]!, produced), at);
      at += produced;
      state[5] = 0;
      if (result === XZ_STREAM_END) return out.subarray(0, at);
      // All input taken and calls bring nothing more out: the stream stops before its end.
      stalled = produced === 0 && fed === block.length && state[2] === state[3] ? stalled + 1 : 0;
      if (stalled > 2) throw new Error(`XZ block ends early (${at} of ${size} bytes decompressed)`);
    }
  } finally {
    xzWasm.destroy_context(context);
  }
}
