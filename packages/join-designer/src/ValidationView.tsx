import type { FriendValidation, ValidationReport } from '@afkit/join-engine';

const pct = (f: number): string => `${(f * 100).toFixed(f === 0 || f === 1 ? 0 : 1)}%`;
const n = (v: number): string => v.toLocaleString('en');

function tone(f: FriendValidation): 'ok' | 'warn' | 'error' {
  if (f.duplicateRows > 0 || f.relationship === 'disjoint') return 'error';
  if (f.primaryMatchedFraction < 1 || f.matchedFraction < 1) return 'warn';
  return 'ok';
}

/** The key scan's report per friend: rows, distinct keys, duplicates (listed, an error), fractions matched and the relationship in words. */
export function ValidationView(props: { report: ValidationReport }): JSX.Element {
  const { report } = props;
  return (
    <section className="afkit-jd-validation" aria-label="Validation report">
      <h3>Validation</h3>
      <p>
        Primary: {n(report.primary.rows)} rows in {report.primary.files} file{report.primary.files === 1 ? '' : 's'}, {n(report.primary.distinct)} distinct keys
        {report.primary.duplicateRows > 0 && <span className="afkit-jd-bad">, {n(report.primary.duplicateRows)} repeated</span>}
      </p>
      <table className="afkit-jd-table">
        <thead>
          <tr>
            <th>friend</th>
            <th>relationship</th>
            <th>rows</th>
            <th>distinct keys</th>
            <th>duplicates</th>
            <th>its rows matched</th>
            <th>events matched</th>
          </tr>
        </thead>
        <tbody>
          {report.friends.map((f) => (
            <tr key={f.name} className={`afkit-jd-${tone(f)}`}>
              <td>{f.name}</td>
              <td className="afkit-jd-relationship">{f.relationship}</td>
              <td>{n(f.rows)}</td>
              <td>{n(f.distinct)}</td>
              <td className={f.duplicateRows > 0 ? 'afkit-jd-bad' : undefined}>{n(f.duplicateRows)}</td>
              <td>{pct(f.matchedFraction)}</td>
              <td>{pct(f.primaryMatchedFraction)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.friends.map((f) => (
        <FriendDetails key={f.name} friend={f} />
      ))}
      {[...report.primary.duplicates.map((d) => ({ where: 'primary', d })), ...report.friends.flatMap((f) => f.duplicates.map((d) => ({ where: f.name, d })))].length > 0 && (
        <div className="afkit-error-box" role="alert">
          <strong>Duplicate keys</strong> (an error under the "error" policy; choose "first" or "all" to join anyway):
          <ul className="afkit-jd-duplicates">
            {report.primary.duplicates.map((d) => (
              <li key={`p${d.key}`}>
                primary: <code>{d.key}</code> ×{d.count} at {d.entries.map((e) => `${e.file} #${e.entry}`).join(', ')}
              </li>
            ))}
            {report.friends.flatMap((f) =>
              f.duplicates.map((d) => (
                <li key={`${f.name}${d.key}`}>
                  {f.name}: <code>{d.key}</code> ×{d.count} at {d.entries.map((e) => `${e.file} #${e.entry}`).join(', ')}
                </li>
              )),
            )}
          </ul>
        </div>
      )}
      {report.problems.length === 0 ? <p className="afkit-jd-ok">✓ The join can run.</p> : report.problems.map((p) => <div key={p} className="afkit-error-box">{p}</div>)}
    </section>
  );
}

function FriendDetails(props: { friend: FriendValidation }): JSX.Element | null {
  const { friend: f } = props;
  if (!f.positionalMismatch && f.unmatchedPrimary.length === 0) return null;
  const m = f.positionalMismatch;
  return (
    <div className="afkit-jd-details">
      <strong>{f.name}</strong>
      {m && (
        <p>
          Attached by position (ROOT <code>AddFriend</code>), event {m.primary.file} #{m.primary.entry} (<code>{m.primary.key}</code>) would get{' '}
          {m.friend ? (
            <>
              {m.friend.file} #{m.friend.entry} (<code>{m.friend.key}</code>)
            </>
          ) : (
            'no row: the friend ends first'
          )}
          . afkit joins by key instead.
        </p>
      )}
      {f.unmatchedPrimary.length > 0 && (
        <p className="afkit-muted">
          Events without a friend row, first ones: {f.unmatchedPrimary.slice(0, 3).map((r) => `${r.key}`).join('; ')}
        </p>
      )}
    </div>
  );
}
