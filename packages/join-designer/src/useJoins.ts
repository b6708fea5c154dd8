import type { JoinsService } from '@afkit/core';
import type { JoinReport, ValidationReport } from '@afkit/join-engine';
import { usePanelContext } from '@afkit/panel-kit';

/** The facility's joins service, typed with the engine's report shapes (core carries them as JSON). */
export function useJoins(): JoinsService<ValidationReport, JoinReport> {
  return usePanelContext().facility.joins as unknown as JoinsService<ValidationReport, JoinReport>;
}
