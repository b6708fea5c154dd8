import type { FacilityError } from '@afkit/core';

/** What to do, for errors whose own hint may be missing. */
const ADVICE: Partial<Record<FacilityError['code'], string>> = {
  unreachable: 'The facility is not answering: check that it runs (npm start starts the local one), then retry.',
  forbidden: 'The facility only serves its configured folders; pick a file from the sources list.',
  'not-found': 'It may have been moved or renamed; refresh the folder.',
  timeout: 'The facility is slow or overloaded; retry in a moment.',
};

/** A failed call shown with what failed, where, and what to do, plus Retry when it may help. */
export function ErrorBox(props: { error: FacilityError; retry?: () => void; title?: string }): JSX.Element {
  const { error, retry, title } = props;
  const advice = error.hint ?? ADVICE[error.code];
  return (
    <div className="afkit-error-box" role="alert">
      <div>
        {title && <strong>{title}: </strong>}
        {error.message}
      </div>
      {advice && <div className="afkit-hint">{advice}</div>}
      {retry && (error.retryable || error.code === 'unreachable' || error.code === 'timeout') && (
        <button type="button" className="afkit-button afkit-secondary" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}
