import { DataType, Message } from 'apache-arrow';
import type { Schema } from 'apache-arrow';
import { BufferRegion, RecordBatch as BatchHeader } from 'apache-arrow/ipc/metadata/message';

/** The field nodes and body buffers one column takes in a record batch message, its children included. */
interface ColumnLayout {
  readonly firstNode: number;
  readonly nodes: number;
  readonly firstBuffer: number;
  readonly buffers: number;
}

/**
 * Field nodes and buffers of one field in the Arrow columnar format's IPC layout (depth first, children after their
 * parent); undefined for types whose buffer count the type alone does not fix (views, unions, run-end encoding) or
 * whose data lives in other messages (dictionaries): those are read whole.
 */
function layoutOf(type: DataType): { nodes: number; buffers: number } | undefined {
  if (DataType.isDictionary(type)) return undefined;
  if (DataType.isNull(type)) return { nodes: 1, buffers: 0 };
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type) || DataType.isBinary(type) || DataType.isLargeBinary(type)) return { nodes: 1, buffers: 3 };
  const fixed = [DataType.isBool, DataType.isInt, DataType.isFloat, DataType.isDecimal, DataType.isDate, DataType.isTime, DataType.isTimestamp, DataType.isInterval, DataType.isDuration, DataType.isFixedSizeBinary];
  if (fixed.some((is) => is(type))) return { nodes: 1, buffers: 2 };
  const own = DataType.isList(type) || DataType.isLargeList(type) || DataType.isMap(type) ? 2 : DataType.isFixedSizeList(type) || DataType.isStruct(type) ? 1 : undefined;
  if (own === undefined) return undefined;
  let nodes = 1;
  let buffers = own;
  for (const child of type.children) {
    const inner = layoutOf(child.type);
    if (!inner) return undefined;
    nodes += inner.nodes;
    buffers += inner.buffers;
  }
  return { nodes, buffers };
}

/** Where each column of `schema` lies in its record batch messages; undefined when some column's layout is not fixed. */
export function columnLayouts(schema: Schema): ColumnLayout[] | undefined {
  const out: ColumnLayout[] = [];
  let firstNode = 0;
  let firstBuffer = 0;
  for (const field of schema.fields) {
    const layout = layoutOf(field.type);
    if (!layout) return undefined;
    out.push({ firstNode, nodes: layout.nodes, firstBuffer, buffers: layout.buffers });
    firstNode += layout.nodes;
    firstBuffer += layout.buffers;
  }
  return out;
}

/** A byte range of the original message body and where it goes in the subset's body. */
export interface BodyRead {
  readonly from: number;
  readonly to: number;
  readonly length: number;
}

/**
 * The record batch message of `columns` (ascending indices into the schema that `layouts` describes) alone: its
 * framed metadata, the body it needs (their buffers packed, 8-byte aligned as the format requires) and the ranges of
 * the original body to read into it. Reading a few columns of a wide batch then costs their bytes, not the batch's.
 */
export function subsetMessage(header: BatchHeader, layouts: readonly ColumnLayout[], columns: readonly number[], sourceBodyLength: number): { metadata: Uint8Array; bodyLength: number; reads: BodyRead[] } {
  if (header.nodes.length !== layouts.reduce((n, l) => n + l.nodes, 0) || header.buffers.length !== layouts.reduce((n, l) => n + l.buffers, 0)) {
    throw new Error(`its ${header.nodes.length} field nodes and ${header.buffers.length} buffers do not match the schema`);
  }
  const nodes = [];
  const buffers: BufferRegion[] = [];
  const reads: BodyRead[] = [];
  let at = 0;
  for (const c of columns) {
    const layout = layouts[c]!;
    nodes.push(...header.nodes.slice(layout.firstNode, layout.firstNode + layout.nodes));
    for (const region of header.buffers.slice(layout.firstBuffer, layout.firstBuffer + layout.buffers)) {
      // Checked here, since only these buffers are read: a corrupt length must not size the new body.
      if (region.offset < 0 || region.length < 0 || region.offset + region.length > sourceBodyLength) {
        throw new Error(`a buffer of column ${c} (${region.length} bytes at ${region.offset}) runs past the ${sourceBodyLength}-byte message body`);
      }
      buffers.push(new BufferRegion(at, region.length));
      if (region.length > 0) reads.push({ from: region.offset, to: at, length: region.length });
      at += (region.length + 7) & ~7;
    }
  }
  const message = Message.from(new BatchHeader(header.length, nodes, buffers, null), at);
  return { metadata: framed(Message.encode(message)), bodyLength: at, reads };
}

/** The marker that starts an encapsulated IPC message (before its metadata length). */
export const CONTINUATION = 0xffffffff;

/** An encapsulated IPC message: continuation marker, metadata length, metadata padded to 8 bytes (its body follows). */
export function framed(metadata: Uint8Array): Uint8Array {
  const padded = (metadata.byteLength + 7) & ~7;
  const out = new Uint8Array(8 + padded);
  const view = new DataView(out.buffer);
  view.setUint32(0, CONTINUATION, true);
  view.setInt32(4, padded, true);
  out.set(metadata, 8);
  return out;
}
