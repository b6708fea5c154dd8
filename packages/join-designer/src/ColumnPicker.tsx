import { useMemo, useState } from 'react';
import type { JoinColumnInfo } from '@afkit/core';
import type { ColumnChoice } from './model/DesignerState.ts';

const SHOWN = 300;

/** Searchable friend-column picker: tick columns to bring, rename each or give them all a prefix. */
export function ColumnPicker(props: {
  columns: readonly JoinColumnInfo[];
  exclude: ReadonlySet<string>;
  chosen: readonly ColumnChoice[];
  prefix: string;
  onChange: (chosen: ColumnChoice[]) => void;
}): JSX.Element {
  const [query, setQuery] = useState('');
  const chosen = new Map(props.chosen.map((c) => [c.name, c]));
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    return props.columns.filter((c) => !props.exclude.has(c.name) && (q === '' || c.name.toLowerCase().includes(q) || c.type.includes(q)));
  }, [props.columns, props.exclude, query]);
  const toggle = (name: string, on: boolean): void =>
    props.onChange(on ? [...props.chosen, { name, as: '' }] : props.chosen.filter((c) => c.name !== name));
  const rename = (name: string, as: string): void => props.onChange(props.chosen.map((c) => (c.name === name ? { ...c, as } : c)));
  return (
    <div className="afkit-jd-columns">
      <div className="afkit-jd-row">
        <input className="afkit-input" type="search" aria-label="Search columns" placeholder={`Search ${props.columns.length} columns`} value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="button" className="afkit-button afkit-secondary" onClick={() => props.onChange([...props.chosen, ...matches.filter((c) => !chosen.has(c.name)).map((c) => ({ name: c.name, as: '' }))])}>
          Add all {matches.length} shown
        </button>
        <button type="button" className="afkit-button afkit-secondary" disabled={props.chosen.length === 0} onClick={() => props.onChange([])}>
          Clear
        </button>
        <span className="afkit-muted">{props.chosen.length} chosen</span>
      </div>
      <ul className="afkit-jd-columnlist">
        {matches.slice(0, SHOWN).map((c) => {
          const choice = chosen.get(c.name);
          return (
            <li key={c.name}>
              <label>
                <input type="checkbox" checked={choice !== undefined} onChange={(e) => toggle(c.name, e.target.checked)} /> <code>{c.name}</code> <span className="afkit-muted">{c.type}</span>
              </label>
              {choice && (
                <input className="afkit-input afkit-jd-rename" aria-label={`Rename ${c.name}`} placeholder={`${props.prefix}${c.name}`} value={choice.as} onChange={(e) => rename(c.name, e.target.value)} />
              )}
            </li>
          );
        })}
        {matches.length > SHOWN && <li className="afkit-muted">…and {matches.length - SHOWN} more: narrow the search</li>}
      </ul>
    </div>
  );
}
