import { useState } from 'react';
import type { DatasetEntry, DatasetSource, DatasetSpec } from '@afkit/core';
import { usePanelContext } from '@afkit/panel-kit';
import { ErrorBox } from './ErrorBox.tsx';
import { formatBytes } from './formatBytes.ts';
import { useCall } from './useCall.ts';

/** The first step of the browser: pick a source, walk its folders, open a folder, some files, a glob or a URL as a dataset. */
export function SourceBrowser(props: { onOpen: (spec: DatasetSpec) => void }): JSX.Element {
  const { facility } = usePanelContext();
  const sources = useCall((signal) => facility.datasets.sources({ signal }), [facility]);
  const [sourceId, setSourceId] = useState<string>();
  const source = sources.value?.find((s) => s.id === sourceId) ?? sources.value?.[0];
  if (sources.error) return <ErrorBox title="Cannot list the dataset sources" error={sources.error} retry={sources.retry} />;
  if (!sources.value) return <p className="afkit-muted">Loading sources…</p>;
  return (
    <div className="afkit-ds-sources">
      <label className="afkit-ds-row">
        <span>Source</span>
        <select className="afkit-input" value={source?.id ?? ''} onChange={(e) => setSourceId(e.target.value)} aria-label="Dataset source">
          {sources.value.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      {source && source.kind === 'url' && <UrlOpener onOpen={props.onOpen} />}
      {source && source.kind !== 'url' && <FolderList key={source.id} source={source} onOpen={props.onOpen} />}
    </div>
  );
}

function UrlOpener(props: { onOpen: (spec: DatasetSpec) => void }): JSX.Element {
  const [text, setText] = useState('');
  const urls = text.split(/\s+/).filter((u) => /^https?:\/\//i.test(u));
  return (
    <form
      className="afkit-ds-url"
      onSubmit={(e) => {
        e.preventDefault();
        if (urls.length > 0) props.onOpen({ files: urls });
      }}
    >
      <textarea className="afkit-input" rows={3} placeholder="https://…/file.root (one URL per line)" value={text} onChange={(e) => setText(e.target.value)} aria-label="File URLs" />
      <button type="submit" className="afkit-button" disabled={urls.length === 0}>
        Open {urls.length > 1 ? `${urls.length} URLs` : 'URL'}
      </button>
    </form>
  );
}

function FolderList(props: { source: DatasetSource; onOpen: (spec: DatasetSpec) => void }): JSX.Element {
  const { facility } = usePanelContext();
  const [path, setPath] = useState<string>();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [glob, setGlob] = useState('');
  const listing = useCall((signal) => facility.datasets.list(props.source.id, path, { signal }), [facility, props.source.id, path]);
  const go = (next: string | undefined): void => {
    setPath(next);
    setPicked(new Set());
  };
  const toggle = (entry: DatasetEntry): void => {
    const next = new Set(picked);
    if (next.has(entry.path)) next.delete(entry.path);
    else next.add(entry.path);
    setPicked(next);
  };
  const here = listing.value;
  const dataFiles = here?.entries.filter((e) => e.kind === 'file' && e.format) ?? [];
  return (
    <div className="afkit-ds-folder">
      {listing.error && <ErrorBox title="Cannot list this folder" error={listing.error} retry={listing.retry} />}
      {here && (
        <>
          <div className="afkit-ds-path" title={here.path}>
            {here.parent && (
              <button type="button" className="afkit-button afkit-secondary afkit-ds-small" onClick={() => go(here.parent)} aria-label="Up one folder">
                ↑
              </button>
            )}
            <span className="afkit-ds-mono">{here.path}</span>
          </div>
          <ul className="afkit-ds-list" aria-label="Folder contents">
            {here.entries.map((entry) => (
              <li key={entry.path} className={`afkit-ds-entry afkit-ds-${entry.kind}`}>
                {entry.kind === 'folder' ? (
                  <button type="button" className="afkit-ds-link" onClick={() => go(entry.path)}>
                    📁 {entry.name}
                  </button>
                ) : entry.format ? (
                  <>
                    <input type="checkbox" checked={picked.has(entry.path)} onChange={() => toggle(entry)} aria-label={`Pick ${entry.name}`} />
                    <button type="button" className="afkit-ds-link" onClick={() => props.onOpen({ files: [entry.path] })} title="Open this file">
                      {entry.name}
                    </button>
                    <span className="afkit-muted afkit-ds-size">{formatBytes(entry.bytes)}</span>
                  </>
                ) : (
                  <span className="afkit-muted">{entry.name}</span>
                )}
              </li>
            ))}
            {here.entries.length === 0 && <li className="afkit-muted">Empty folder</li>}
          </ul>
          {here.truncated && <p className="afkit-muted">Only the first entries are shown.</p>}
          <div className="afkit-ds-actions">
            <button type="button" className="afkit-button" disabled={dataFiles.length === 0} onClick={() => props.onOpen({ folder: here.path })}>
              Open folder as dataset ({dataFiles.length})
            </button>
            {picked.size > 0 && (
              <button type="button" className="afkit-button" onClick={() => props.onOpen({ files: [...picked] })}>
                Open {picked.size} picked
              </button>
            )}
          </div>
          <form
            className="afkit-ds-row"
            onSubmit={(e) => {
              e.preventDefault();
              if (glob) props.onOpen({ glob: glob.startsWith('/') ? glob : `${here.path}/${glob}` });
            }}
          >
            <input className="afkit-input" placeholder="glob, e.g. *.root" value={glob} onChange={(e) => setGlob(e.target.value)} aria-label="Glob pattern" />
            <button type="submit" className="afkit-button afkit-secondary" disabled={!glob}>
              Open matches
            </button>
          </form>
        </>
      )}
      {!here && !listing.error && <p className="afkit-muted">Loading…</p>}
    </div>
  );
}
