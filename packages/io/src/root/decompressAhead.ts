import type { FetchedRecords } from '../source/PrefetchedSource.ts';
import { decompressRecord } from './decompress.ts';
import type { DecodeJob, DecodePool } from './decodePool.ts';
import { sharedDecodePool } from './decodePool.ts';
import { readBasketHeader } from './readBasket.ts';

/**
 * Nanoseconds per decompressed byte of each ROOT codec here, measured on HZZ's 51 branches (0.65 MB): LZMA 13 ms,
 * zlib 1.0 ms, ZSTD 0.5 ms, LZ4 0.3 ms (its checksum included).
 */
const NS_PER_BYTE: Readonly<Record<string, number>> = { XZ: 20, ZL: 1.5, ZS: 0.8, L4: 0.5 };
/**
 * A batch whose baskets should decompress faster than this stays in the reading thread: below it, sending payloads to a
 * thread and their bytes back (and waking it, up to a millisecond at worst) costs about what it saves.
 */
const MIN_PARALLEL_MS = 2;

/** One record to decompress ahead: where it lies, its payload, and its estimated cost. */
interface Pending extends DecodeJob {
  readonly offset: number;
  readonly cost: number;
}

/**
 * Decompresses a batch's basket records ahead of decoding them, shared between the reading thread and the decode pool's
 * ready threads, when the batch's estimated decompression time makes that worth it. Returns each payload decompressed so,
 * by record offset: empty when the batch stays in the reading thread, and without any record that failed or whose thread
 * died, which `decodeBasket` then decompresses itself (reporting a corrupt one as any read does).
 */
export async function decompressAhead(
  records: FetchedRecords,
  wanted: readonly { offset: number; length: number }[],
  pool: DecodePool | undefined = sharedDecodePool(),
): Promise<ReadonlyMap<number, Uint8Array>> {
  const decompressed = new Map<number, Uint8Array>();
  if (!pool) return decompressed;
  const jobs = compressedPayloads(records, wanted);
  if (jobs.reduce((ms, j) => ms + j.cost, 0) < MIN_PARALLEL_MS * 1e6) return decompressed;
  const threads = pool.available();
  if (threads.length === 0) return decompressed;
  const [own, ...lanes] = balance(jobs, threads.length + 1);
  const sent = lanes.map(async (lane, k) => {
    // Copies of the payloads move to the thread (the records lie in a prefetch buffer the next batch refills); copies by
    // the constructor, since a Buffer's slice() is a view that would move all of its memory.
    const raws = await threads[k]!.decompress(lane.map((j) => ({ payload: new Uint8Array(j.payload), size: j.size }))).catch(() => []);
    lane.forEach((job, i) => raws[i] && decompressed.set(job.offset, raws[i]));
  });
  for (const job of own!) {
    try {
      decompressed.set(job.offset, decompressRecord(job.payload, job.size));
    } catch {
      // Left to decodeBasket, which reports it with the file and branch.
    }
  }
  await Promise.all(sent);
  return decompressed;
}

/** The compressed payloads among `wanted`, with their estimated cost in nanoseconds; records it cannot make sense of are left to decodeBasket. */
function compressedPayloads(records: FetchedRecords, wanted: readonly { offset: number; length: number }[]): Pending[] {
  const jobs: Pending[] = [];
  for (const { offset, length } of wanted) {
    try {
      const record = records.bytesOf(offset, length);
      const { keylen, objlen } = readBasketHeader(record, offset);
      const payload = record.subarray(keylen);
      const perByte = NS_PER_BYTE[String.fromCharCode(payload[0] ?? 0, payload[1] ?? 0)];
      if (payload.length !== objlen && perByte) jobs.push({ offset, payload, size: objlen, cost: objlen * perByte });
    } catch {
      // Left to decodeBasket as well.
    }
  }
  return jobs;
}

/** Splits jobs into `lanes` lanes of about equal cost: the costliest first, each to the lane with the least so far. */
function balance(jobs: readonly Pending[], lanes: number): Pending[][] {
  const out = Array.from({ length: lanes }, () => [] as Pending[]);
  const load = new Array<number>(lanes).fill(0);
  for (const job of [...jobs].sort((a, b) => b.cost - a.cost)) {
    const k = load.indexOf(Math.min(...load));
    out[k]!.push(job);
    load[k]! += job.cost;
  }
  return out;
}
