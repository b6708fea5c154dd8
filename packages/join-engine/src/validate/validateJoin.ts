import { openTable } from '@afkit/io';
import type { JoinOptions } from '../JoinOptions.ts';
import { parseJoinPlan } from '../plan/parseJoinPlan.ts';
import type { JoinPlan } from '../plan/JoinPlan.ts';
import { inOwnThread } from '../ownThread.ts';
import { scanKeys } from './scanKeys.ts';
import type { KeyScan } from './scanKeys.ts';
import type { ValidationReport } from './ValidationReport.ts';

/**
 * The fast key scan: reads only the key columns of every file and reports, per friend, rows, distinct and duplicate
 * keys, the fraction matched and the relationship. Fails on unreadable keys (a missing key branch, a negative key).
 */
export async function validateJoin(plan: JoinPlan | unknown, options: JoinOptions = {}): Promise<ValidationReport> {
  if (options.ownThread) return (await inOwnThread('validate', plan, options)) as ValidationReport;
  return toValidationReport(await scanKeys(parseJoinPlan(plan), options.open ?? openTable, options));
}

/** The public report of a scan. */
export function toValidationReport(scan: KeyScan): ValidationReport {
  return { primary: scan.primary.stats, friends: scan.friends.map((f) => f.validation), problems: scan.problems };
}
