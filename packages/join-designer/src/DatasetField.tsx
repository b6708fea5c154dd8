import { useState } from 'react';
import { FacilityError } from '@afkit/core';
import type { DatasetDraft } from './model/DesignerState.ts';
import { splitFiles } from './model/DesignerState.ts';
import { DatasetBrowser } from './DatasetBrowser.tsx';
import { useJoins } from './useJoins.ts';

/**
 * Files (paths or globs) and ROOT tree of one dataset, checked through the facility: "Check" expands the files and reads
 * the first one's rows, columns and suggested keys. Editing the files forgets what was found.
 */
export function DatasetField(props: { label: string; value: DatasetDraft; onChange: (next: DatasetDraft) => void }): JSX.Element {
  const joins = useJoins();
  const { value, onChange } = props;
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<FacilityError>();
  const [browsing, setBrowsing] = useState(false);
  const check = async (): Promise<void> => {
    setChecking(true);
    setError(undefined);
    try {
      const info = await joins.suggestKeys({ files: splitFiles(value.filesText), ...(value.tree.trim() ? { tree: value.tree.trim() } : {}) });
      onChange({ ...value, info });
    } catch (e) {
      setError(FacilityError.from(e));
    } finally {
      setChecking(false);
    }
  };
  const id = `afkit-files-${props.label.replace(/\W+/g, '-')}`;
  return (
    <div className="afkit-jd-dataset">
      <label htmlFor={id}>{props.label} files (paths or globs, one per line)</label>
      <textarea
        id={id}
        className="afkit-input afkit-jd-files"
        rows={2}
        value={value.filesText}
        placeholder="/data/nano_*.root"
        spellCheck={false}
        onChange={(e) => onChange({ filesText: e.target.value, tree: value.tree })}
      />
      <div className="afkit-jd-row">
        <label>
          Tree <input className="afkit-input afkit-jd-tree" value={value.tree} placeholder="Events" onChange={(e) => onChange({ filesText: value.filesText, tree: e.target.value })} />
        </label>
        <button type="button" className="afkit-button" onClick={() => void check()} disabled={checking || splitFiles(value.filesText).length === 0}>
          {checking ? 'Checking…' : 'Check'}
        </button>
        <button type="button" className="afkit-button afkit-secondary" onClick={() => setBrowsing(!browsing)} aria-expanded={browsing}>
          Browse…
        </button>
        {value.info && (
          <span className="afkit-jd-found" role="status">
            ✓ {value.info.files.length} file{value.info.files.length === 1 ? '' : 's'} ({value.info.format}), {value.info.firstFileRows.toLocaleString('en')} rows in the first, {value.info.columns.length} columns
          </span>
        )}
      </div>
      {browsing && (
        <DatasetBrowser
          onPick={(path) => onChange({ filesText: [...splitFiles(value.filesText), path].join('\n'), tree: value.tree })}
        />
      )}
      {error && (
        <div className="afkit-error-box" role="alert">
          {error.message}
          {error.hint && <div className="afkit-hint">{error.hint}</div>}
        </div>
      )}
    </div>
  );
}
