import { useEffect, useState, type FormEvent } from 'react';
import type { ClusterOptionField, ClustersService } from '@afkit/core';

/** The create form, generated from the backend's option fields; the backend's refusal is shown as it says it. */
export function CreateClusterForm(props: { clusters: ClustersService; onCreated: (name: string) => void }): JSX.Element {
  const { clusters } = props;
  const [fields, setFields] = useState<ClusterOptionField[]>();
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    clusters.options().then(
      (f) => live && (setFields(f), setValues(Object.fromEntries(f.map((x) => [x.field, x.default])))),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [clusters]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    clusters.create(values).then(
      (c) => props.onCreated(c.name),
      (e: unknown) => setError(messageOf(e)),
    ).finally(() => setBusy(false));
  };

  return (
    <form className="afkit-cluster-form" onSubmit={submit} aria-label="New cluster">
      {fields?.map((f) => (
        <label key={f.field} className="afkit-field">
          <span>{f.label}</span>
          <FieldInput field={f} value={values[f.field]} onChange={(v) => setValues((old) => ({ ...old, [f.field]: v }))} />
        </label>
      ))}
      {error && <div className="afkit-error-box" role="alert">{error}</div>}
      <button type="submit" className="afkit-button" disabled={busy || !fields}>
        {busy ? 'Creating…' : 'Create cluster'}
      </button>
    </form>
  );
}

function FieldInput(props: { field: ClusterOptionField; value: unknown; onChange: (value: unknown) => void }): JSX.Element {
  const { field, value, onChange } = props;
  const { spec } = field;
  const name = field.field;
  switch (spec.type) {
    case 'int':
    case 'float':
      return (
        <input
          className="afkit-input"
          name={name}
          type="number"
          step={spec.type === 'int' ? 1 : 'any'}
          value={String(value ?? '')}
          onChange={(e) => onChange(e.target.value === '' ? null : Number(e.target.value))}
        />
      );
    case 'select':
      return (
        <select className="afkit-input" name={name} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((o) => (
            <option key={o} value={o}>{o}</option>
          ))}
        </select>
      );
    case 'bool':
      return <input name={name} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
    case 'string':
      return <input className="afkit-input" name={name} type="text" value={String(value ?? '')} onChange={(e) => onChange(e.target.value)} />;
  }
}

/** The message of an error from a facility call (a FacilityError, or its plain form across the bridge). */
export function messageOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string' ? (error as { message: string }).message : String(error);
}
