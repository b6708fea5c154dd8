import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { BranchInfo } from '@afkit/core';
import { usePanelContext } from '@afkit/panel-kit';
import { BranchIndex, type BranchRow } from './branchIndex.ts';
import { ErrorBox } from './ErrorBox.tsx';
import { formatBytes, formatCount } from './formatBytes.ts';
import { useCall } from './useCall.ts';

/** What the branch list asks of the view around it. */
export interface BranchActions {
  /** Preview the first rows of these branches of this tree. */
  onPreview(file: string, tree: string, branches: readonly BranchInfo[]): void;
  /** Histogram this branch over the file or the whole dataset. */
  onHistogram(file: string, tree: string, branch: BranchInfo): void;
}

const ROW_HEIGHT = 26;
/** The list grows with its rows up to this height, then scrolls. */
const MAX_LIST_HEIGHT = 360;

/**
 * The branches of one tree: filtered by name or documentation as one types, NanoAOD collections folded with their
 * counter, drawn virtualised (a 1,600-branch tree costs a screenful of rows), picked for preview or histogrammed.
 */
export function BranchBrowser(props: { file: string; tree: string } & BranchActions): JSX.Element {
  const { facility } = usePanelContext();
  const listing = useCall((signal) => facility.datasets.branches(props.file, props.tree, { signal }), [facility, props.file, props.tree]);
  const index = useMemo(() => new BranchIndex(listing.value?.branches ?? []), [listing.value]);
  const [filter, setFilter] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [picked, setPicked] = useState<ReadonlyMap<string, BranchInfo>>(new Map());
  const rows = useMemo(() => index.rows(filter, expanded), [index, filter, expanded]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });

  if (listing.error) return <ErrorBox title="Cannot list the branches" error={listing.error} retry={listing.retry} />;
  if (!listing.value) return <p className="afkit-muted">Reading branches…</p>;

  const toggleGroup = (name: string): void => {
    const next = new Set(expanded);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setExpanded(next);
  };
  const togglePick = (branches: readonly BranchInfo[], on: boolean): void => {
    const next = new Map(picked);
    for (const b of branches) {
      if (b.unsupported) continue;
      if (on) next.set(b.name, b);
      else next.delete(b.name);
    }
    setPicked(next);
  };
  const shown = rows.filter((r) => r.kind === 'branch').length;

  return (
    <div className="afkit-ds-branches">
      <div className="afkit-ds-row">
        <input
          className="afkit-input afkit-ds-filter"
          type="search"
          placeholder="Filter branches by name or documentation"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          aria-label="Filter branches"
        />
      </div>
      <div className="afkit-ds-row afkit-muted">
        <span>
          {formatCount(index.size)} branches · {formatCount(listing.value.entries)} entries{filter ? ` · ${formatCount(shown)} match` : ''}
        </span>
      </div>
      <div className="afkit-ds-actions">
        <button type="button" className="afkit-button" disabled={picked.size === 0} onClick={() => props.onPreview(props.file, props.tree, [...picked.values()])}>
          Preview {picked.size > 0 ? `${picked.size} branch${picked.size > 1 ? 'es' : ''}` : ''}
        </button>
        {picked.size > 0 && (
          <button type="button" className="afkit-button afkit-secondary" onClick={() => setPicked(new Map())}>
            Clear
          </button>
        )}
      </div>
      <div ref={scroller} className="afkit-ds-virtual" role="list" aria-label="Branches" style={{ height: Math.min(MAX_LIST_HEIGHT, Math.max(rows.length, 2) * ROW_HEIGHT + 4) }}>
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {virtual.getVirtualItems().map((item) => (
            <div key={item.key} className="afkit-ds-vrow" style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }} role="listitem">
              <Row row={rows[item.index]!} picked={picked} onToggleGroup={toggleGroup} onPick={togglePick} onHistogram={(b) => props.onHistogram(props.file, props.tree, b)} />
            </div>
          ))}
        </div>
        {rows.length === 0 && <p className="afkit-muted">No branch matches “{filter}”.</p>}
      </div>
    </div>
  );
}

function Row(props: {
  row: BranchRow;
  picked: ReadonlyMap<string, BranchInfo>;
  onToggleGroup: (name: string) => void;
  onPick: (branches: readonly BranchInfo[], on: boolean) => void;
  onHistogram: (branch: BranchInfo) => void;
}): JSX.Element {
  const { row, picked } = props;
  if (row.kind === 'group') {
    const { group } = row;
    const all = group.members.filter((b) => !b.unsupported);
    const allPicked = all.length > 0 && all.every((b) => picked.has(b.name));
    return (
      <div className="afkit-ds-branch afkit-ds-group">
        <input type="checkbox" checked={allPicked} onChange={() => props.onPick(all, !allPicked)} aria-label={`Pick all of ${group.name}`} />
        <button type="button" className="afkit-ds-link" aria-expanded={row.expanded} onClick={() => props.onToggleGroup(group.name)}>
          {row.expanded ? '▾' : '▸'} {group.name}
        </button>
        <span className="afkit-muted">
          {row.matches < group.members.length ? `${row.matches} of ${group.members.length}` : group.members.length} branches
          {group.counter ? ` · counter ${group.counter.name}` : ''}
        </span>
      </div>
    );
  }
  const b = row.branch;
  return (
    <div className={`afkit-ds-branch${row.inGroup ? ' afkit-ds-indent' : ''}${b.unsupported ? ' afkit-ds-unsupported' : ''}`} title={b.unsupported ? `Not supported: ${b.unsupported}` : b.title}>
      <input type="checkbox" disabled={!!b.unsupported} checked={picked.has(b.name)} onChange={(e) => props.onPick([b], e.target.checked)} aria-label={`Pick ${b.name}`} />
      <span className="afkit-ds-name">{b.name}</span>
      <span className="afkit-ds-type">{b.unsupported ? 'not supported' : b.type}</span>
      <span className="afkit-ds-title">{b.title}</span>
      <span className="afkit-ds-size afkit-muted" title={`uncompressed ${formatBytes(b.uncompressedBytes)}`}>
        {b.compressedBytes !== undefined ? formatBytes(b.compressedBytes) : ''}
      </span>
      {!b.unsupported && (
        <button type="button" className="afkit-ds-icon" onClick={() => props.onHistogram(b)} aria-label={`Histogram ${b.name}`} title="Histogram this branch">
          ▥
        </button>
      )}
    </div>
  );
}
