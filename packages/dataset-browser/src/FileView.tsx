import { useState } from 'react';
import type { TreeInfo } from '@afkit/core';
import { usePanelContext } from '@afkit/panel-kit';
import { BranchBrowser, type BranchActions } from './BranchBrowser.tsx';
import { baseName } from './DatasetView.tsx';
import { ErrorBox } from './ErrorBox.tsx';
import { formatBytes, formatCount } from './formatBytes.ts';
import { useCall } from './useCall.ts';

/** One file: its trees (entries, sizes); the chosen tree's branches below. */
export function FileView(props: { file: string } & BranchActions): JSX.Element {
  const { facility } = usePanelContext();
  const trees = useCall((signal) => facility.datasets.trees(props.file, { signal }), [facility, props.file]);
  const [chosen, setChosen] = useState<string>();
  if (trees.error) return <ErrorBox title={`Cannot read ${baseName(props.file)}`} error={trees.error} retry={trees.retry} />;
  if (!trees.value) return <p className="afkit-muted">Reading {baseName(props.file)}…</p>;
  const tree = trees.value.find((t) => t.name === chosen) ?? defaultTree(trees.value);
  return (
    <div className="afkit-ds-fileview">
      <h3 className="afkit-ds-heading" title={props.file}>
        {baseName(props.file)}
      </h3>
      {trees.value.length === 0 && <p className="afkit-muted">This file holds no tree.</p>}
      {trees.value.length > 0 && (
        <ul className="afkit-ds-list afkit-ds-trees" aria-label="Trees">
          {trees.value.map((t) => (
            <li key={t.name} className={t === tree ? 'afkit-ds-selected' : ''}>
              <button type="button" className="afkit-ds-link" aria-expanded={t === tree} onClick={() => setChosen(t.name)}>
                {t === tree ? '▾' : '▸'} {t.name || 'table'}
              </button>
              <span className="afkit-muted afkit-ds-size">
                {formatCount(t.entries)} entries
                {t.compressedBytes ?? t.uncompressedBytes ? ` · ${formatBytes(t.compressedBytes ?? t.uncompressedBytes)}` : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
      {tree && <BranchBrowser key={`${props.file}\n${tree.name}`} file={props.file} tree={tree.name} onPreview={props.onPreview} onHistogram={props.onHistogram} />}
    </div>
  );
}

/** NanoAOD and most analysis files keep their events in `Events`/`events`; else the biggest tree. */
function defaultTree(trees: readonly TreeInfo[]): TreeInfo | undefined {
  return trees.find((t) => t.name === 'Events' || t.name === 'events') ?? [...trees].sort((a, b) => b.entries - a.entries)[0];
}
