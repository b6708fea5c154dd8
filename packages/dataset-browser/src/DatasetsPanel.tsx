import { useCallback, useState } from 'react';
import type { BranchInfo, DatasetSpec, DatasetSummary } from '@afkit/core';
import { PanelFrame } from '@afkit/panel-kit';
import { DatasetView } from './DatasetView.tsx';
import { FileView } from './FileView.tsx';
import { HistogramView, type HistogramRequest } from './HistogramView.tsx';
import { PreviewTable } from './PreviewTable.tsx';
import { SourceBrowser } from './SourceBrowser.tsx';
import './datasets.css';

/** Props of {@link DatasetsPanel}. */
export interface DatasetsPanelProps {
  /** Opens straight on this file (a custom editor for `.root`/`.parquet`/`.arrow`, "Open with afkit"); it must lie in a served folder or be a URL. */
  readonly initialFile?: string;
  /** Opens straight on this dataset. */
  readonly initialDataset?: DatasetSpec;
}

/**
 * The Datasets panel: sources → datasets → files → trees → branches, with previews and one-click histograms.
 * Lays out in one column in a narrow sidebar and in two side by side in a wide main-area view.
 */
export function DatasetsPanel(props: DatasetsPanelProps = {}): JSX.Element {
  const initial = props.initialDataset ?? (props.initialFile ? { files: [props.initialFile] } : undefined);
  const [spec, setSpec] = useState<DatasetSpec | undefined>(initial);
  const [summary, setSummary] = useState<DatasetSummary>();
  const [file, setFile] = useState<string | undefined>(props.initialFile);
  const [preview, setPreview] = useState<{ file: string; tree: string; branches: readonly BranchInfo[] }>();
  const [histogram, setHistogram] = useState<HistogramRequest>();

  const open = (next: DatasetSpec): void => {
    setSpec(next);
    setSummary(undefined);
    setFile(undefined);
    setPreview(undefined);
    setHistogram(undefined);
  };
  const onSummary = useCallback((s: DatasetSummary) => {
    setSummary(s);
    // A dataset of one readable file opens that file at once.
    setFile((current) => current ?? s.files.find((f) => f.status === 'ok')?.path);
  }, []);
  const onHistogram = (inFile: string, tree: string, branch: BranchInfo): void => {
    const readable = summary?.files.filter((f) => f.status === 'ok' && (f.tree ?? '') === tree) ?? [];
    const whole = readable.length > 1 && readable.some((f) => f.path === inFile);
    const files = whole ? readable.map((f) => f.path) : [inFile];
    const totalEntries = whole ? readable.reduce((n, f) => n + (f.entries ?? 0), 0) : summary?.files.find((f) => f.path === inFile)?.entries;
    setHistogram({ branch, tree, files, totalEntries, scope: whole ? `the dataset (${files.length} files)` : 'this file' });
  };

  return (
    <PanelFrame title="Datasets" requires="datasets">
      <div className="afkit-datasets">
        <div className="afkit-ds-grid">
          <div className="afkit-ds-nav">
            {spec ? (
              <>
                <div className="afkit-ds-row">
                  <button type="button" className="afkit-button afkit-secondary afkit-ds-small" onClick={() => setSpec(undefined)}>
                    ← Sources
                  </button>
                </div>
                <DatasetView spec={spec} selected={file} onSelectFile={setFile} onSummary={onSummary} />
              </>
            ) : (
              <SourceBrowser onOpen={open} />
            )}
          </div>
          <div className="afkit-ds-detail">
            {file ? (
              <FileView file={file} onPreview={(f, tree, branches) => setPreview({ file: f, tree, branches })} onHistogram={onHistogram} />
            ) : (
              <p className="afkit-muted">{spec ? 'Pick a file of the dataset.' : 'Open a file, a folder or a URL to explore its trees and branches.'}</p>
            )}
            {preview && <PreviewTable {...preview} onClose={() => setPreview(undefined)} />}
            {histogram && <HistogramView request={histogram} onClose={() => setHistogram(undefined)} />}
          </div>
        </div>
      </div>
    </PanelFrame>
  );
}
