import type { JoinReport, ValidationReport } from '@afkit/join-engine';

const percent = (f: number): string => `${(f * 100).toFixed(f === 1 || f === 0 ? 0 : 2)}%`;

/** The key scan's verdict per friend, as the CLI prints it: rows, distinct keys, duplicates, matches and relationship. */
export function formatValidation(report: ValidationReport): string {
  const p = report.primary;
  const lines = [`primary: ${p.rows.toLocaleString('en')} rows in ${p.files} file(s), ${p.distinct.toLocaleString('en')} distinct keys`];
  for (const f of report.friends) {
    lines.push(
      `friend ${f.name}: ${f.relationship}`,
      `  ${f.rows.toLocaleString('en')} rows in ${f.files} file(s), ${f.distinct.toLocaleString('en')} distinct keys, ${f.duplicateRows} repeated; ` +
        `${percent(f.matchedFraction)} of its rows match an event, ${percent(f.primaryMatchedFraction)} of events get a row`,
    );
    for (const d of f.duplicates) lines.push(`  duplicate key ${d.key} ×${d.count}: ${d.entries.map((e) => `${e.file}#${e.entry}`).join(', ')}`);
    if (f.positionalMismatch) {
      const m = f.positionalMismatch;
      const got = m.friend ? `row ${m.friend.file}#${m.friend.entry} (${m.friend.key})` : 'no row (the friend ends first)';
      lines.push(`  by position (ROOT AddFriend), event ${m.primary.file}#${m.primary.entry} (${m.primary.key}) would get ${got}; afkit joins by key instead`);
    }
  }
  for (const problem of report.problems) lines.push(`error: ${problem}`);
  return `${lines.join('\n')}\n`;
}

/** The join report as the CLI prints it: per friend matched/unmatched counts, outputs, and the proof. */
export function formatJoinReport(report: JoinReport, outputDir: string): string {
  const lines = [`${report.kind} join of ${report.primaryRows.toLocaleString('en')} events → ${outputDir} (${report.format}), ${(report.elapsedMs / 1000).toFixed(2)} s`];
  for (const f of report.friends) {
    const proven = f.proof.verifiedRows === f.proof.attachedRows;
    lines.push(
      `friend ${f.name}: matched ${f.matched.toLocaleString('en')}, unmatched ${f.unmatched.toLocaleString('en')}, friend rows without an event ${f.friendUnmatched.toLocaleString('en')}; ${f.files.length} file(s), ${f.outputRows.toLocaleString('en')} rows`,
      `  proof: ${proven ? 'every' : 'NOT every'} attached row's keys were checked equal to its event's (${f.proof.verifiedRows.toLocaleString('en')} of ${f.proof.attachedRows.toLocaleString('en')}); key digest ${f.proof.digest}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
