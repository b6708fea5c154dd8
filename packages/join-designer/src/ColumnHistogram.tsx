import { useMemo, useState } from 'react';
import { Type, type Table, type Vector } from 'apache-arrow';
import { Histogram, RegularAxis } from '@afkit/hist-viewer';

const BINS = 40;

/** Numeric columns (flat or jagged) a histogram can be filled from. */
function numericColumns(table: Table): string[] {
  return table.schema.fields
    .filter((f) => f.typeId === Type.Int || f.typeId === Type.Float || (f.typeId === Type.List && [Type.Int, Type.Float].includes(f.type.children[0]?.typeId)))
    .map((f) => f.name);
}

/** The finite range of a column's values (jagged cells flattened), or undefined when it holds none. */
function rangeOf(vector: Vector): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  const see = (v: unknown): void => {
    if (v === null || v === undefined) return;
    if (typeof v === 'object' && Symbol.iterator in v) for (const x of v as Iterable<unknown>) see(x);
    else {
      const x = Number(v);
      if (Number.isFinite(x)) (lo = Math.min(lo, x)), (hi = Math.max(hi, x));
    }
  };
  for (let i = 0; i < vector.length; i++) see(vector.get(i));
  if (lo > hi) return undefined;
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi + (hi - lo) * 1e-9];
}

/** A quick histogram of one joined column over the previewed rows, filled with afkit's histogram engine. */
export function ColumnHistogram(props: { table: Table; defaultColumn?: string }): JSX.Element | null {
  const columns = useMemo(() => numericColumns(props.table), [props.table]);
  const [column, setColumn] = useState(props.defaultColumn && columns.includes(props.defaultColumn) ? props.defaultColumn : columns.at(-1));
  const hist = useMemo(() => {
    if (!column) return undefined;
    const vector = props.table.getChild(column)!;
    const range = rangeOf(vector);
    if (!range) return undefined;
    const h = new Histogram([new RegularAxis(BINS, range[0], range[1])]);
    h.fillArrow(vector);
    return { values: Array.from(h.values()), range };
  }, [props.table, column]);
  if (columns.length === 0) return null;
  const max = Math.max(1, ...(hist?.values ?? [0]));
  return (
    <section className="afkit-jd-hist" aria-label="Column histogram">
      <label>
        Histogram of{' '}
        <select className="afkit-input" value={column} onChange={(e) => setColumn(e.target.value)}>
          {columns.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>{' '}
        <span className="afkit-muted">over the {props.table.numRows.toLocaleString('en')} previewed rows</span>
      </label>
      {hist ? (
        <svg viewBox={`0 0 ${BINS * 10} 100`} preserveAspectRatio="none" className="afkit-jd-hist-chart" role="img" aria-label={`Histogram of ${column}`}>
          {hist.values.map((v, i) => (
            <rect key={i} x={i * 10 + 0.5} width={9} y={100 - (v / max) * 98} height={(v / max) * 98}>
              <title>{`[${(hist.range[0] + ((hist.range[1] - hist.range[0]) * i) / BINS).toPrecision(4)}, …): ${v}`}</title>
            </rect>
          ))}
        </svg>
      ) : (
        <p className="afkit-muted">No values to histogram in the previewed rows.</p>
      )}
      {hist && (
        <div className="afkit-jd-row afkit-muted">
          <span>{hist.range[0].toPrecision(4)}</span>
          <span style={{ marginLeft: 'auto' }}>{hist.range[1].toPrecision(4)}</span>
        </div>
      )}
    </section>
  );
}
