import type { Contents } from '@jupyterlab/services';
import { PageConfig } from '@jupyterlab/coreutils';
import type { ReadonlyPartialJSONObject } from '@lumino/coreutils';

/** Where the facility is and how to authenticate, as the settings schema names it. */
export interface FacilityProfile {
  /** Base URL; empty means the local facility named in the page config. */
  readonly url: string;
  /** A file, relative to the Jupyter server's root, holding the token; empty means the page config token. */
  readonly tokenFile: string;
}

/** The URL and token to build an `HttpFacility` with. */
export interface FacilityTarget {
  readonly url: string;
  readonly token: string;
}

/** Reads the `facility` entry of the plugin's settings, tolerating a missing or partial one. */
export function readProfile(settings: ReadonlyPartialJSONObject | undefined): FacilityProfile {
  const facility = (settings?.facility ?? {}) as Partial<Record<keyof FacilityProfile, unknown>>;
  return {
    url: typeof facility.url === 'string' ? facility.url.trim() : '',
    tokenFile: typeof facility.tokenFile === 'string' ? facility.tokenFile.trim() : '',
  };
}

/**
 * Resolves a profile: an empty URL means the local facility that `npm start` passes through the page
 * config (`afkitFacilityUrl`, `afkitFacilityToken`). The browser cannot read files itself, so a token
 * file is read through the server's contents API.
 */
export async function resolveProfile(profile: FacilityProfile, contents: Contents.IManager): Promise<FacilityTarget> {
  const url = profile.url || PageConfig.getOption('afkitFacilityUrl');
  if (!profile.tokenFile) return { url, token: PageConfig.getOption('afkitFacilityToken') };
  const file = await contents.get(profile.tokenFile, { type: 'file', format: 'text', content: true });
  return { url, token: String(file.content).trim() };
}
