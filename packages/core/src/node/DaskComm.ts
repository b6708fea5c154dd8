import { connect, type Socket } from 'node:net';
import { decode, encode } from '@msgpack/msgpack';
import { FacilityError } from '../FacilityError.ts';

const HANDSHAKE = { compression: null, python: [3, 11, 2], 'pickle-protocol': 5 };

/**
 * One connection to a Dask scheduler over its TCP protocol: length-prefixed frames, frame 0 msgpack.
 * Only calls whose arguments and answers are plain msgpack (`identity`, `retire_workers`, `adaptive_target`).
 */
export class DaskComm {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve: (value: unknown) => void; reject: (error: Error) => void }[] = [];
  private closedError: Error | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly address: string,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error) => this.fail(error));
    socket.on('close', () => this.fail(new Error('connection closed')));
  }

  /** Connects to `tcp://host:port` and exchanges Dask's handshake. */
  static async open(address: string, timeoutMs = 5_000): Promise<DaskComm> {
    const match = /^tcp:\/\/(.+):(\d+)$/.exec(address);
    if (!match) throw new FacilityError('invalid-input', `Not a Dask TCP address: ${address}.`, { where: address });
    const socket = connect({ host: match[1]!.replace(/^\[|\]$/g, ''), port: Number(match[2]) });
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    const comm = new DaskComm(socket, address);
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('error', reject);
      });
      comm.write(HANDSHAKE);
      await comm.read();
    } catch (error) {
      socket.destroy();
      throw unreachable(address, error);
    }
    return comm;
  }

  /** Sends `{op, reply: true, ...args}` and resolves with the answer. */
  async call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    this.write({ ...args, op, reply: true });
    let answer: unknown;
    try {
      answer = await this.read();
    } catch (error) {
      throw unreachable(this.address, error);
    }
    if (isErrorAnswer(answer)) throw new FacilityError('backend', `The scheduler failed ${op}: ${describe(answer)}`, { where: this.address });
    return answer as T;
  }

  close(): void {
    this.socket.destroy();
  }

  private write(message: unknown): void {
    const frame = encode(message);
    const prelude = Buffer.alloc(8 + 8 + 8);
    prelude.writeBigUInt64LE(BigInt(16 + frame.byteLength), 0);
    prelude.writeBigUInt64LE(1n, 8);
    prelude.writeBigUInt64LE(BigInt(frame.byteLength), 16);
    this.socket.write(Buffer.concat([prelude, frame]));
  }

  private read(): Promise<unknown> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 8) return;
      const total = Number(this.buffer.readBigUInt64LE(0));
      if (this.buffer.length < 8 + total) return;
      const message = this.buffer.subarray(8, 8 + total);
      this.buffer = this.buffer.subarray(8 + total);
      const count = Number(message.readBigUInt64LE(0));
      const first = Number(message.readBigUInt64LE(8));
      const start = 8 + 8 * count;
      // Frame 0 holds the message itself; later frames only carry serialized payloads we never ask for.
      const value = first === 0 ? null : decode(message.subarray(start, start + first), { useBigInt64: false });
      this.waiting.shift()?.resolve(value);
    }
  }

  private fail(error: Error): void {
    this.closedError ??= error;
    for (const w of this.waiting.splice(0)) w.reject(error);
  }
}

/** Opens a connection, makes one call and closes it. */
export async function daskCall<T>(address: string, op: string, args: Record<string, unknown> = {}): Promise<T> {
  const comm = await DaskComm.open(address);
  try {
    return await comm.call<T>(op, args);
  } finally {
    comm.close();
  }
}

function isErrorAnswer(answer: unknown): boolean {
  return typeof answer === 'object' && answer !== null && (answer as { status?: unknown }).status === 'error';
}

function describe(answer: unknown): string {
  const text = (answer as { text?: unknown }).text;
  return typeof text === 'string' ? text : JSON.stringify(answer).slice(0, 200);
}

function unreachable(address: string, cause: unknown): FacilityError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new FacilityError('unreachable', `Cannot talk to the Dask scheduler at ${address}: ${reason}.`, {
    where: address,
    hint: 'The scheduler may have stopped; its log in the facility state folder says why.',
    cause,
  });
}
