import { FacilityError, type SerializedFacilityError } from '../FacilityError.ts';

/**
 * The wire format of the facility's long dataset calls: a sequence of frames, each one byte of kind, a little-endian
 * u32 payload length, then the payload. Progress and the result are JSON; batches are Arrow IPC bytes. An error that
 * happens after the answer has started (a corrupt basket half-way) arrives as an `error` frame, not a lost connection.
 */
export type Frame =
  | { readonly kind: 'progress'; readonly value: unknown }
  | { readonly kind: 'batch'; readonly bytes: Uint8Array }
  | { readonly kind: 'result'; readonly value: unknown }
  | { readonly kind: 'error'; readonly error: SerializedFacilityError };

/** The content type of a frame stream. */
export const FRAMES_CONTENT_TYPE = 'application/x-afkit-frames';

const KIND_CODES = { progress: 1, batch: 2, result: 3, error: 4 } as const;
const HEADER = 5;
/** Larger payloads mean a corrupt stream (or a foreign server), not data. */
const MAX_PAYLOAD = 1 << 30;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes one frame. */
export function encodeFrame(frame: Frame): Uint8Array {
  const payload =
    frame.kind === 'batch' ? frame.bytes : encoder.encode(JSON.stringify(frame.kind === 'error' ? frame.error : frame.value));
  const out = new Uint8Array(HEADER + payload.byteLength);
  out[0] = KIND_CODES[frame.kind];
  new DataView(out.buffer).setUint32(1, payload.byteLength, true);
  out.set(payload, HEADER);
  return out;
}

/** Decodes frames from the chunks of a response body as they arrive. */
export async function* decodeFrames(chunks: AsyncIterable<Uint8Array>, where: string): AsyncGenerator<Frame> {
  let buffer: Uint8Array = new Uint8Array(0);
  for await (const chunk of chunks) {
    buffer = buffer.byteLength === 0 ? chunk : concat(buffer, chunk);
    let offset = 0;
    while (buffer.byteLength - offset >= HEADER) {
      const code = buffer[offset]!;
      const length = new DataView(buffer.buffer, buffer.byteOffset + offset + 1, 4).getUint32(0, true);
      if (code < 1 || code > 4 || length > MAX_PAYLOAD) throw badStream(where, `unknown frame ${code} of ${length} bytes`);
      if (buffer.byteLength - offset - HEADER < length) break;
      const payload = buffer.slice(offset + HEADER, offset + HEADER + length);
      offset += HEADER + length;
      yield toFrame(code, payload, where);
    }
    buffer = offset === 0 ? buffer : buffer.slice(offset);
  }
  if (buffer.byteLength > 0) throw badStream(where, 'the stream ended inside a frame');
}

function toFrame(code: number, payload: Uint8Array, where: string): Frame {
  if (code === KIND_CODES.batch) return { kind: 'batch', bytes: payload };
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(payload));
  } catch {
    throw badStream(where, 'a frame is not valid JSON');
  }
  if (code === KIND_CODES.progress) return { kind: 'progress', value };
  if (code === KIND_CODES.result) return { kind: 'result', value };
  return { kind: 'error', error: value as SerializedFacilityError };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

function badStream(where: string, what: string): FacilityError {
  return new FacilityError('bad-response', `The facility's answer is not a valid afkit frame stream: ${what}.`, {
    where,
    hint: 'The connection may have been cut, or the URL points at a server that is not an afkit facility.',
  });
}
