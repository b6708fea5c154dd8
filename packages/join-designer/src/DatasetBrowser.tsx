import { useEffect, useState } from 'react';
import { FacilityError, type DatasetSource, type FolderListing } from '@afkit/core';
import { usePanelContext } from '@afkit/panel-kit';

/** A small picker over the facility's dataset sources: choose a source, walk its folders, click a data file to add it. */
export function DatasetBrowser(props: { onPick: (path: string) => void }): JSX.Element {
  const { datasets } = usePanelContext().facility;
  const [sources, setSources] = useState<DatasetSource[]>([]);
  const [source, setSource] = useState<string>('');
  const [path, setPath] = useState<string | undefined>();
  const [listing, setListing] = useState<FolderListing>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const controller = new AbortController();
    datasets.sources({ signal: controller.signal }).then(
      (list) => {
        const folders = list.filter((s) => s.kind !== 'url');
        setSources(folders);
        setSource((current) => current || (folders[0]?.id ?? ''));
      },
      (e: unknown) => setError(FacilityError.from(e).message),
    );
    return () => controller.abort();
  }, [datasets]);
  useEffect(() => {
    if (!source) return;
    const controller = new AbortController();
    datasets.list(source, path, { signal: controller.signal }).then(
      (next) => {
        setListing(next);
        setError(undefined);
      },
      (e: unknown) => setError(FacilityError.from(e).message),
    );
    return () => controller.abort();
  }, [datasets, source, path]);
  return (
    <div className="afkit-jd-browser">
      <select className="afkit-input" aria-label="Dataset source" value={source} onChange={(e) => { setSource(e.target.value); setPath(undefined); }}>
        {sources.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
      {listing?.parent !== undefined && (
        <button type="button" className="afkit-button afkit-secondary" onClick={() => setPath(listing.parent)}>
          ↑ up
        </button>
      )}
      <span className="afkit-muted"> {listing?.path}</span>
      {error && <div className="afkit-error-box">{error}</div>}
      <ul className="afkit-jd-entries">
        {(listing?.entries ?? [])
          .filter((e) => e.kind === 'folder' || e.format !== undefined)
          .map((e) => (
            <li key={e.path}>
              <button type="button" className="afkit-jd-link" onClick={() => (e.kind === 'folder' ? setPath(e.path) : props.onPick(e.path))}>
                {e.kind === 'folder' ? '📁 ' : '+ '}
                {e.name}
              </button>
              {e.format && <span className="afkit-muted"> {e.format}</span>}
            </li>
          ))}
      </ul>
    </div>
  );
}
