import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Table } from 'apache-arrow';
import { formatCell } from './model/formatCell.ts';

const ROW_HEIGHT = 22;

/** The joined output's first rows, virtualised: only the visible rows are in the DOM; 64-bit values exact, jagged as `[1.2, 3.4]`. */
export function PreviewTable(props: { table: Table }): JSX.Element {
  const { table } = props;
  const parent = useRef<HTMLDivElement>(null);
  const columns = table.schema.fields.map((f) => ({ name: f.name, type: String(f.type), vector: table.getChild(f.name)! }));
  const rows = useVirtualizer({ count: table.numRows, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const template = `4em repeat(${columns.length}, minmax(8em, 1fr))`;
  return (
    <div className="afkit-jd-preview" role="table" aria-label="Joined output preview" aria-rowcount={table.numRows}>
      <div className="afkit-jd-preview-head" role="row" style={{ gridTemplateColumns: template }}>
        <span role="columnheader">#</span>
        {columns.map((c) => (
          <span role="columnheader" key={c.name} title={c.type}>
            {c.name}
          </span>
        ))}
      </div>
      <div ref={parent} className="afkit-jd-preview-body">
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {rows.getVirtualItems().map((item) => (
            <div
              key={item.key}
              role="row"
              className="afkit-jd-preview-row"
              style={{ gridTemplateColumns: template, position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
            >
              <span className="afkit-muted">{item.index}</span>
              {columns.map((c) => {
                const text = formatCell(c.vector.get(item.index));
                return (
                  <span role="cell" key={c.name} className={text === 'null' ? 'afkit-muted' : undefined} title={text}>
                    {text}
                  </span>
                );
              })}
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
