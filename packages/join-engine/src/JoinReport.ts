import type { FileResult } from './execute/FileTask.ts';
import type { JoinKind, OutputFormat } from './plan/JoinPlan.ts';
import type { Strategy, ValidationReport } from './validate/ValidationReport.ts';

/** The proof that every attached row landed on its own event. */
export interface JoinProof {
  /** Attached rows whose friend keys were compared equal to their primary row's keys during execution. */
  readonly verifiedRows: number;
  /** Rows attached in total; equals `verifiedRows` in every successful join. */
  readonly attachedRows: number;
  /** {@link KeyDigest} of the verified key sequence, per output file in order, chained over the files. */
  readonly digest: string;
}

/** What one friend's join did. */
export interface FriendJoinReport {
  readonly name: string;
  readonly relationship: ValidationReport['friends'][number]['relationship'];
  /** Files joined with each strategy. */
  readonly strategies: Readonly<Partial<Record<Strategy, number>>>;
  /** Primary rows that got a friend row / did not. */
  readonly matched: number;
  readonly unmatched: number;
  /** Friend rows without a primary row; appended to the last output file in right and outer joins. */
  readonly friendUnmatched: number;
  readonly outputRows: number;
  readonly proof: JoinProof;
  readonly files: readonly FileResult[];
}

/** The report of {@link runJoin}: validation, per-friend results with their proof, and timing. */
export interface JoinReport {
  readonly kind: JoinKind;
  readonly format: OutputFormat;
  readonly primaryRows: number;
  readonly friends: readonly FriendJoinReport[];
  readonly validation: ValidationReport;
  readonly elapsedMs: number;
}
