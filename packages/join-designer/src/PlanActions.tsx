import { useRef, useState } from 'react';
import type { HostApi, JsonObject } from '@afkit/core';

/** Save the plan as JSON, load one, and (after a run) copy or insert the Python that loads the output. */
export function PlanActions(props: { plan: () => JsonObject; onLoad: (json: unknown) => void; snippet: (() => string) | undefined; host: HostApi }): JSX.Element {
  const file = useRef<HTMLInputElement>(null);
  const [shown, setShown] = useState<string>();
  const [note, setNote] = useState<string>();
  const save = (): void => {
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(props.plan(), null, 2)}\n`], { type: 'application/json' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'join-plan.json';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const load = async (picked: File | undefined): Promise<void> => {
    if (!picked) return;
    try {
      props.onLoad(JSON.parse(await picked.text()));
      setNote(`Loaded ${picked.name}.`);
    } catch (e) {
      setNote(`${picked.name} is not a JSON plan: ${(e as Error).message}`);
    }
  };
  const copy = async (): Promise<void> => {
    const code = props.snippet!();
    setShown(code);
    try {
      await navigator.clipboard.writeText(code);
      setNote('Python copied to the clipboard.');
    } catch {
      setNote('The clipboard is not available here: select the code below and copy it.');
    }
  };
  const insert = async (): Promise<void> => {
    const inserted = await props.host.insertCode(props.snippet!());
    setNote(inserted ? 'Inserted into the notebook.' : 'Open a notebook first, or copy the code instead.');
  };
  return (
    <>
      <button type="button" className="afkit-button afkit-secondary" onClick={save}>
        Save plan
      </button>
      <button type="button" className="afkit-button afkit-secondary" onClick={() => file.current?.click()}>
        Load plan…
      </button>
      <input ref={file} type="file" accept=".json,application/json" hidden onChange={(e) => void load(e.target.files?.[0])} />
      <button type="button" className="afkit-button afkit-secondary" disabled={!props.snippet} onClick={() => void copy()}>
        Copy Python
      </button>
      <button type="button" className="afkit-button afkit-secondary" disabled={!props.snippet} onClick={() => void insert()}>
        Insert into notebook
      </button>
      {note && <span className="afkit-muted" role="status">{note}</span>}
      {shown && props.snippet && <pre className="afkit-jd-snippet" aria-label="Python snippet">{shown}</pre>}
    </>
  );
}
