import type { JoinReport } from '@afkit/join-engine';

const n = (v: number): string => v.toLocaleString('en');

/** The join report: per friend matched and unmatched counts, outputs, and the proof that every attached row is on its own event. */
export function JoinReportView(props: { report: JoinReport; outputDir: string }): JSX.Element {
  const { report } = props;
  return (
    <section className="afkit-jd-report" aria-label="Join report">
      <h3>Join report</h3>
      <p>
        {report.kind} join of {n(report.primaryRows)} events in {(report.elapsedMs / 1000).toFixed(2)} s → <code>{props.outputDir}</code> ({report.format})
      </p>
      <table className="afkit-jd-table">
        <thead>
          <tr>
            <th>friend</th>
            <th>matched</th>
            <th>unmatched events</th>
            <th>friend rows without event</th>
            <th>rows written</th>
            <th>files</th>
            <th>proof</th>
          </tr>
        </thead>
        <tbody>
          {report.friends.map((f) => {
            const proven = f.proof.verifiedRows === f.proof.attachedRows;
            return (
              <tr key={f.name}>
                <td>{f.name}</td>
                <td>{n(f.matched)}</td>
                <td>{n(f.unmatched)}</td>
                <td>{n(f.friendUnmatched)}</td>
                <td>{n(f.outputRows)}</td>
                <td>{f.files.length}</td>
                <td className={proven ? 'afkit-jd-ok' : 'afkit-jd-bad'} title={`key digest ${f.proof.digest}`}>
                  {proven ? '✓' : '✗'} {n(f.proof.verifiedRows)} of {n(f.proof.attachedRows)} attached rows verified
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="afkit-muted">
        Proof: during the join, every attached friend row's keys were compared with its event's keys ({report.friends.map((f) => `${f.name}: digest ${f.proof.digest}`).join('; ')}).
      </p>
    </section>
  );
}
