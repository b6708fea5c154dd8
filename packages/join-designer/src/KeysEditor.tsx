import { useState } from 'react';
import type { JoinKeySuggestion } from '@afkit/core';
import { DEFAULT_KEYS } from './model/DesignerState.ts';

/** Known key conventions offered as one-click choices beside what the facility suggested for the primary. */
const PRESETS: readonly { readonly label: string; readonly keys: readonly JoinKeySuggestion[] }[] = [
  { label: 'CMS (run, luminosityBlock, event)', keys: DEFAULT_KEYS },
  {
    label: 'ATLAS (runNumber, lumiBlock, eventNumber)',
    keys: [
      { name: 'runNumber', type: 'uint32' },
      { name: 'lumiBlock', type: 'uint32' },
      { name: 'eventNumber', type: 'uint64' },
    ],
  },
];

const same = (a: readonly JoinKeySuggestion[], b: readonly JoinKeySuggestion[]): boolean =>
  a.length === b.length && a.every((k, i) => k.name === b[i]!.name && k.type === b[i]!.type);

/** The join keys (named as in the primary) with their exact widths; suggestions from the primary's first file and known conventions. */
export function KeysEditor(props: { keys: readonly JoinKeySuggestion[]; suggested?: readonly JoinKeySuggestion[]; onChange: (keys: JoinKeySuggestion[]) => void }): JSX.Element {
  const { keys, onChange } = props;
  const [extra, setExtra] = useState('');
  const choices = [...(props.suggested && props.suggested.length > 0 ? [{ label: `Suggested: ${props.suggested.map((k) => k.name).join(', ')}`, keys: props.suggested }] : []), ...PRESETS];
  return (
    <div className="afkit-jd-keys">
      <div className="afkit-jd-row">
        {choices.map((c) => (
          <button key={c.label} type="button" className={`afkit-button ${same(c.keys, keys) ? '' : 'afkit-secondary'}`} aria-pressed={same(c.keys, keys)} onClick={() => onChange(c.keys.map((k) => ({ ...k })))}>
            {c.label}
          </button>
        ))}
      </div>
      <ul className="afkit-jd-keylist" aria-label="Join keys">
        {keys.map((k, i) => (
          <li key={k.name}>
            <code>{k.name}</code>
            <select className="afkit-input" aria-label={`${k.name} width`} value={k.type} onChange={(e) => onChange(keys.map((x, j) => (j === i ? { ...x, type: e.target.value as JoinKeySuggestion['type'] } : x)))}>
              <option value="uint32">uint32</option>
              <option value="uint64">uint64</option>
            </select>
            <button type="button" className="afkit-button afkit-secondary" aria-label={`Remove key ${k.name}`} disabled={keys.length === 1} onClick={() => onChange(keys.filter((_, j) => j !== i))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="afkit-jd-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (extra.trim() && !keys.some((k) => k.name === extra.trim())) onChange([...keys, { name: extra.trim(), type: 'uint64' }]);
          setExtra('');
        }}
      >
        <input className="afkit-input" aria-label="Add a key" placeholder="another key column" value={extra} onChange={(e) => setExtra(e.target.value)} />
        <button type="submit" className="afkit-button afkit-secondary" disabled={!extra.trim()}>
          Add key
        </button>
        <span className="afkit-muted">int32, uint32 and uint64 keys are normalised exactly; a negative or overflowing value is an error.</span>
      </form>
    </div>
  );
}
