import type { JoinRunSummary, JsonObject } from './JoinsService.ts';

/** The HTTP form of a validation or run job: its summary, a change counter for long polls, and its result once done. */
export interface JoinJobWire extends JoinRunSummary {
  readonly kind: 'validate' | 'run';
  /** Grows on every change; `GET …/jobs/:id?since=<seq>` waits until it passes `since`. */
  readonly seq: number;
  /** The validation report or join report, once succeeded. */
  readonly result?: JsonObject;
  /** The plan as the facility resolved it (globs expanded, output folder set). */
  readonly plan: JsonObject;
}

/** The facility's join routes, shared by the HTTP client and the local facility so they cannot drift. */
export const JOIN_ROUTES = {
  keys: '/api/afkit/joins/keys',
  jobs: '/api/afkit/joins/jobs',
  job: (id: string) => `/api/afkit/joins/jobs/${encodeURIComponent(id)}`,
  cancel: (id: string) => `/api/afkit/joins/jobs/${encodeURIComponent(id)}/cancel`,
  runs: '/api/afkit/joins/runs',
  preview: (id: string) => `/api/afkit/joins/runs/${encodeURIComponent(id)}/preview`,
} as const;
