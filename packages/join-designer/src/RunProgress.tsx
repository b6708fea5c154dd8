import type { JoinProgressEvent } from '@afkit/core';

const PHASES: Record<JoinProgressEvent['phase'], string> = { scan: 'scanning keys', join: 'joining', write: 'writing' };

/** A progress bar for a validation or run, with its phase, rows and a Cancel button. */
export function RunProgress(props: { label: string; progress: JoinProgressEvent | undefined; onCancel: () => void }): JSX.Element {
  const { progress } = props;
  const fraction = progress && progress.total > 0 ? Math.min(1, progress.done / progress.total) : undefined;
  return (
    <div className="afkit-jd-progress" role="status" aria-live="polite">
      <span>{props.label}</span>
      <progress max={1} {...(fraction === undefined ? {} : { value: fraction })} aria-label={`${props.label} progress`} />
      <span className="afkit-muted">
        {progress ? `${PHASES[progress.phase]}: ${progress.done.toLocaleString('en')} / ${progress.total.toLocaleString('en')} rows` : 'starting…'}
      </span>
      <button type="button" className="afkit-button afkit-secondary" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}
