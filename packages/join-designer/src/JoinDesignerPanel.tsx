import { useRef, useState } from 'react';
import { tableFromIPC, type Table } from 'apache-arrow';
import { FacilityError, type JoinProgressEvent, type JoinRunResult } from '@afkit/core';
import type { JoinReport, ValidationReport } from '@afkit/join-engine';
import { PanelFrame, usePanelContext } from '@afkit/panel-kit';
import { ColumnHistogram } from './ColumnHistogram.tsx';
import { DatasetField } from './DatasetField.tsx';
import { FriendEditor } from './FriendEditor.tsx';
import { JoinReportView } from './JoinReportView.tsx';
import { KeysEditor } from './KeysEditor.tsx';
import { emptyDesign, fromJoinPlan, newFriend, toJoinPlan, type DesignerState } from './model/DesignerState.ts';
import { pythonSnippet, type SnippetPlan } from './model/pythonSnippet.ts';
import { PlanActions } from './PlanActions.tsx';
import { PreviewTable } from './PreviewTable.tsx';
import { RunProgress } from './RunProgress.tsx';
import { useJoins } from './useJoins.ts';
import { ValidationView } from './ValidationView.tsx';
import './joinDesigner.css';

const PREVIEW_ROWS = 1000;

type Activity = { readonly kind: 'validate' | 'run'; readonly progress?: JoinProgressEvent } | undefined;

/**
 * The Join Designer: pick a primary dataset and friends, keys and columns, validate with a key scan, run with progress
 * and cancel, read the join report, preview and histogram the output, save the plan and copy Python that loads it.
 */
export function JoinDesignerPanel(): JSX.Element {
  const joins = useJoins();
  const { host } = usePanelContext();
  const [design, setDesign] = useState<DesignerState>(emptyDesign);
  const [validation, setValidation] = useState<ValidationReport>();
  const [result, setResult] = useState<JoinRunResult<JoinReport>>();
  const [preview, setPreview] = useState<{ friend: string; table: Table }>();
  const [activity, setActivity] = useState<Activity>();
  const [error, setError] = useState<FacilityError>();
  const controller = useRef<AbortController>();
  const nextFriend = useRef(1);

  const edit = (next: DesignerState): void => {
    setDesign(next);
    setValidation(undefined);
  };
  const track = async <T,>(kind: 'validate' | 'run', work: (signal: AbortSignal, onProgress: (p: JoinProgressEvent) => void) => Promise<T>): Promise<T | undefined> => {
    controller.current = new AbortController();
    setActivity({ kind });
    setError(undefined);
    try {
      return await work(controller.current.signal, (progress) => setActivity({ kind, progress }));
    } catch (e) {
      const failure = FacilityError.from(e);
      setError(failure);
      const details = failure.details as { details?: ValidationReport } | ValidationReport | undefined;
      const report = details && 'friends' in details ? details : details && 'details' in details ? details.details : undefined;
      if (report?.friends) setValidation(report);
      return undefined;
    } finally {
      setActivity(undefined);
    }
  };
  const validate = async (): Promise<void> => {
    const report = await track('validate', (signal, onProgress) => joins.validate(toJoinPlan(design), { signal, onProgress }));
    if (report) setValidation(report);
  };
  const run = async (): Promise<void> => {
    const plan = toJoinPlan(design);
    setResult(undefined);
    setPreview(undefined);
    const done = await track('run', (signal, onProgress) => joins.run(plan, { signal, onProgress }));
    if (!done) return;
    setResult(done);
    setValidation(done.report.validation);
    await showPreview(done.run.id, done.report.friends[0]?.name);
  };
  const showPreview = async (runId: string, friend: string | undefined): Promise<void> => {
    if (friend === undefined) return;
    try {
      setPreview({ friend, table: tableFromIPC(await joins.preview({ runId, friend }, { limit: PREVIEW_ROWS })) });
    } catch (e) {
      setError(FacilityError.from(e));
    }
  };

  const suggested = design.primary.info?.keys;
  const canRun = design.friends.length > 0 && design.friends.every((f) => f.columns.length > 0) && (design.primary.info !== undefined || design.primary.filesText.trim() !== '');
  return (
    <PanelFrame title="Join Designer" requires="joins">
      <div className="afkit-jd">
        <section aria-label="Primary dataset">
          <h3>Primary dataset</h3>
          <DatasetField
            label="Primary"
            value={design.primary}
            onChange={(primary) => edit({ ...design, primary, keys: primary.info && primary.info.keys.length > 0 && !design.primary.info ? primary.info.keys : design.keys })}
          />
        </section>
        <section aria-label="Keys">
          <h3>Event keys</h3>
          <KeysEditor keys={design.keys} {...(suggested ? { suggested } : {})} onChange={(keys) => edit({ ...design, keys })} />
        </section>
        <section aria-label="Friends">
          <h3>Friends</h3>
          {design.friends.map((f, i) => (
            <FriendEditor
              key={f.id}
              friend={f}
              keys={design.keys}
              onChange={(next) => edit({ ...design, friends: design.friends.map((x, j) => (j === i ? next : x)) })}
              onRemove={() => edit({ ...design, friends: design.friends.filter((_, j) => j !== i) })}
            />
          ))}
          <button type="button" className="afkit-button afkit-secondary" onClick={() => edit({ ...design, friends: [...design.friends, newFriend(nextFriend.current++)] })}>
            + Add friend dataset
          </button>
        </section>
        <section aria-label="Join settings" className="afkit-jd-settings">
          <h3>Join</h3>
          <label>
            Kind{' '}
            <select className="afkit-input" value={design.kind} onChange={(e) => edit({ ...design, kind: e.target.value as DesignerState['kind'] })}>
              <option value="left">left: every event, friend columns null where missing</option>
              <option value="inner">inner: only events with a friend row</option>
              <option value="right">right: every friend row</option>
              <option value="outer">outer: everything</option>
            </select>
          </label>
          <label>
            Duplicate keys{' '}
            <select className="afkit-input" value={design.duplicates} onChange={(e) => edit({ ...design, duplicates: e.target.value as DesignerState['duplicates'] })}>
              <option value="error">are an error</option>
              <option value="first">keep the first friend row</option>
              <option value="all">match all (like SQL)</option>
            </select>
          </label>
          <label>
            Output folder <input className="afkit-input afkit-jd-outdir" value={design.outputDir} placeholder="default: the facility's joins folder" onChange={(e) => edit({ ...design, outputDir: e.target.value })} />
          </label>
          <label>
            Format{' '}
            <select className="afkit-input" value={design.format} onChange={(e) => edit({ ...design, format: e.target.value as DesignerState['format'] })}>
              <option value="arrow">Arrow IPC</option>
              <option value="parquet">Parquet</option>
              <option value="root">ROOT friend tree</option>
            </select>
          </label>
        </section>
        <div className="afkit-jd-actions">
          <button type="button" className="afkit-button afkit-secondary" disabled={activity !== undefined || !canRun} onClick={() => void validate()}>
            Validate
          </button>
          <button type="button" className="afkit-button" disabled={activity !== undefined || !canRun || validation?.problems.length !== 0 && validation !== undefined} onClick={() => void run()}>
            Run join
          </button>
          <PlanActions
            plan={() => toJoinPlan(design)}
            onLoad={(json) => {
              const loaded = fromJoinPlan(json);
              nextFriend.current = loaded.friends.length + 1;
              edit(loaded);
            }}
            snippet={result ? () => pythonSnippet(result.plan as unknown as SnippetPlan, result.report) : undefined}
            host={host}
          />
        </div>
        {!canRun && <p className="afkit-muted">Add a primary dataset and at least one friend with columns to bring.</p>}
        {activity && <RunProgress label={activity.kind === 'validate' ? 'Scanning keys' : 'Joining'} progress={activity.progress} onCancel={() => controller.current?.abort()} />}
        {error && (
          <div className="afkit-error-box" role="alert">
            {error.code === 'cancelled' ? 'Cancelled: no output was kept.' : error.message}
            {error.hint && <div className="afkit-hint">{error.hint}</div>}
          </div>
        )}
        {validation && <ValidationView report={validation} />}
        {result && <JoinReportView report={result.report} outputDir={result.run.outputDir} />}
        {result && preview && (
          <section aria-label="Preview">
            <h3>
              Preview of{' '}
              <select className="afkit-input" value={preview.friend} onChange={(e) => void showPreview(result.run.id, e.target.value)}>
                {result.report.friends.map((f) => (
                  <option key={f.name}>{f.name}</option>
                ))}
              </select>{' '}
              <span className="afkit-muted">first {preview.table.numRows.toLocaleString('en')} rows</span>
            </h3>
            <PreviewTable table={preview.table} />
            <ColumnHistogram table={preview.table} />
          </section>
        )}
      </div>
    </PanelFrame>
  );
}
