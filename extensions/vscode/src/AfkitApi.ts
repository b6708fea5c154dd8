import type { Facility } from '@afkit/core';

/** What `activate` returns to other extensions (and to the extension's own test suite). */
export interface AfkitApi {
  /** The facility the extension host uses now, started or connected on first use. */
  facility(): Promise<Facility>;
  /** Whether a token for a remote facility is kept in SecretStorage; the token itself is never handed out. */
  hasFacilityToken(): Promise<boolean>;
}
