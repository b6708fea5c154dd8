import type { JoinKeySuggestion } from '@afkit/core';
import { ColumnPicker } from './ColumnPicker.tsx';
import { DatasetField } from './DatasetField.tsx';
import type { FriendDraft } from './model/DesignerState.ts';

/** One friend: name, files, key mapping (for keys named differently in it), columns to bring, prefix. */
export function FriendEditor(props: { friend: FriendDraft; keys: readonly JoinKeySuggestion[]; onChange: (next: FriendDraft) => void; onRemove: () => void }): JSX.Element {
  const { friend, keys, onChange } = props;
  const columns = friend.info?.columns ?? [];
  const integerColumns = columns.filter((c) => /^u?int(8|16|32|64)$/.test(c.type)).map((c) => c.name);
  const keyColumns = new Set(keys.map((k) => friend.keyMap[k.name] || k.name));
  return (
    <fieldset className="afkit-jd-friend" aria-label={`Friend ${friend.name}`}>
      <legend>
        Friend{' '}
        <input className="afkit-input" aria-label="Friend name" value={friend.name} pattern="[A-Za-z0-9_.\-]+" onChange={(e) => onChange({ ...friend, name: e.target.value })} />
        <button type="button" className="afkit-button afkit-secondary" onClick={props.onRemove} aria-label={`Remove friend ${friend.name}`}>
          Remove
        </button>
      </legend>
      <DatasetField label={`Friend ${friend.name}`} value={friend} onChange={(d) => onChange({ ...friend, ...d, info: d.info })} />
      {friend.info && (
        <>
          <div className="afkit-jd-keymap">
            <span>Keys in this friend:</span>
            {keys.map((k) => {
              const mapped = friend.keyMap[k.name] || k.name;
              const missing = !integerColumns.includes(mapped);
              return (
                <label key={k.name} className={missing ? 'afkit-jd-missing' : undefined}>
                  <code>{k.name}</code> →{' '}
                  <select className="afkit-input" value={mapped} onChange={(e) => onChange({ ...friend, keyMap: { ...friend.keyMap, [k.name]: e.target.value } })}>
                    {missing && <option value={mapped}>{mapped} (missing)</option>}
                    {integerColumns.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
              );
            })}
          </div>
          <label className="afkit-jd-row">
            Prefix for brought columns <input className="afkit-input" value={friend.prefix} placeholder={`${friend.name}_`} onChange={(e) => onChange({ ...friend, prefix: e.target.value })} />
          </label>
          <ColumnPicker columns={columns} exclude={keyColumns} chosen={friend.columns} prefix={friend.prefix} onChange={(c) => onChange({ ...friend, columns: c })} />
        </>
      )}
    </fieldset>
  );
}
