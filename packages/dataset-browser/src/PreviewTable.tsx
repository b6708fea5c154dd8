import { useMemo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { tableFromIPC } from 'apache-arrow';
import type { BranchInfo } from '@afkit/core';
import { usePanelContext } from '@afkit/panel-kit';
import { ErrorBox } from './ErrorBox.tsx';
import { formatCell } from './formatCell.ts';
import { useCall } from './useCall.ts';

/** Rows a preview asks for. */
export const PREVIEW_ROWS = 200;
const ROW_HEIGHT = 24;

/**
 * The first rows of some branches in a virtualised table: jagged cells show their values (`[23.1, 11.4]`),
 * 64-bit integers show exactly. The data arrives as Arrow IPC and is decoded here.
 */
export function PreviewTable(props: { file: string; tree: string; branches: readonly BranchInfo[]; onClose?: () => void }): JSX.Element {
  const { facility } = usePanelContext();
  const names = props.branches.map((b) => b.name);
  const preview = useCall(
    async (signal) => tableFromIPC(await facility.datasets.preview(props.file, props.tree, names, { limit: PREVIEW_ROWS, signal })),
    [facility, props.file, props.tree, names.join('\n')],
  );
  const table = preview.value;
  const columns = useMemo(() => (table ? table.schema.fields.map((f, i) => ({ name: f.name, vector: table.getChildAt(i)! })) : []), [table]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: table?.numRows ?? 0, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const typeOf = new Map(props.branches.map((b) => [b.name, b.type]));
  // Fixed widths keep the virtualised rows aligned with the header (rows are laid out one by one).
  const template = `4.5em ${columns.map((c) => columnWidth(typeOf.get(c.name) ?? '')).join(' ')}`;

  return (
    <section className="afkit-ds-preview" aria-label="Preview">
      <div className="afkit-ds-row">
        <strong>Preview</strong>
        <span className="afkit-muted">{table ? `first ${table.numRows} rows` : 'loading…'}</span>
        {props.onClose && (
          <button type="button" className="afkit-button afkit-secondary afkit-ds-small" onClick={props.onClose} aria-label="Close preview">
            ✕
          </button>
        )}
      </div>
      {preview.error && <ErrorBox title="Cannot preview" error={preview.error} retry={preview.retry} />}
      {table && (
        <div ref={scroller} className="afkit-ds-table" role="table" aria-rowcount={table.numRows + 1}>
          <div className="afkit-ds-trow afkit-ds-thead" role="row" style={{ gridTemplateColumns: template }}>
            <span role="columnheader" className="afkit-muted">
              entry
            </span>
            {columns.map((c) => (
              <span role="columnheader" key={c.name} title={c.name}>
                {c.name} <span className="afkit-ds-type">{typeOf.get(c.name)}</span>
              </span>
            ))}
          </div>
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => (
              <div
                key={item.key}
                role="row"
                className="afkit-ds-trow afkit-ds-vrow"
                style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              >
                <span role="cell" className="afkit-muted">
                  {item.index}
                </span>
                {columns.map((c) => {
                  const text = formatCell(c.vector.get(item.index));
                  return (
                    <span role="cell" key={c.name} title={text}>
                      {text}
                    </span>
                  );
                })}
              </div>
            ))}
          </div>
        </div>
      )}
    </section>
  );
}

function columnWidth(type: string): string {
  if (type.startsWith('var')) return '18em';
  if (/64/.test(type)) return '12em';
  return '8em';
}
