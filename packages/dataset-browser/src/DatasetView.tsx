import { useState } from 'react';
import { FacilityError, type DatasetProgress, type DatasetSpec, type DatasetSummary } from '@afkit/core';
import { usePanelContext } from '@afkit/panel-kit';
import { ErrorBox } from './ErrorBox.tsx';
import { formatBytes, formatCount } from './formatBytes.ts';
import { useCall } from './useCall.ts';

/** Opens a dataset (with progress) and shows its totals and each file's status; unreadable files say why. */
export function DatasetView(props: {
  spec: DatasetSpec;
  selected?: string;
  onSelectFile: (file: string) => void;
  onSummary?: (summary: DatasetSummary) => void;
}): JSX.Element {
  const { facility } = usePanelContext();
  const [progress, setProgress] = useState<DatasetProgress>();
  const opened = useCall(
    async (signal) => {
      const summary = await facility.datasets.openDataset(props.spec, { signal, onProgress: setProgress });
      props.onSummary?.(summary);
      return summary;
    },
    [facility, JSON.stringify(props.spec)],
  );
  if (opened.error) return <ErrorBox title="Cannot open the dataset" error={opened.error} retry={opened.retry} />;
  const summary = opened.value;
  if (!summary || opened.loading) {
    return (
      <div className="afkit-ds-opening" role="status">
        Opening files… {progress ? `${progress.done} of ${progress.total}` : ''}
        {progress && <progress max={progress.total} value={progress.done} />}
      </div>
    );
  }
  return (
    <div className="afkit-ds-dataset">
      <div className="afkit-ds-summary" aria-label="Dataset summary">
        <strong>{formatCount(summary.totalEntries)}</strong> entries · {formatBytes(summary.totalBytes)} · {summary.readableFiles} of {summary.files.length} files readable
      </div>
      <ul className="afkit-ds-list" aria-label="Dataset files">
        {summary.files.map((file) => (
          <li key={file.path} className={`afkit-ds-file afkit-ds-${file.status}${file.path === props.selected ? ' afkit-ds-selected' : ''}`}>
            <span className="afkit-ds-status" aria-label={file.status === 'ok' ? 'readable' : 'unreadable'}>
              {file.status === 'ok' ? '●' : '✕'}
            </span>
            <button type="button" className="afkit-ds-link" disabled={file.status !== 'ok'} onClick={() => props.onSelectFile(file.path)} title={file.path}>
              {baseName(file.path)}
            </button>
            <span className="afkit-muted afkit-ds-size">
              {file.status === 'ok' ? `${formatCount(file.entries)} entries · ` : ''}
              {formatBytes(file.bytes)}
            </span>
            {file.error && <ErrorBox error={FacilityError.fromJSON(file.error)} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The last part of a path or URL. */
export function baseName(path: string): string {
  return path.replace(/[?#].*$/, '').split(/[\\/]/).filter(Boolean).pop() ?? path;
}
