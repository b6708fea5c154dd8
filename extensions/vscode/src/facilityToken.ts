import * as vscode from 'vscode';

/** The SecretStorage key of the remote facility's token; the token never goes to settings or logs. */
export const FACILITY_TOKEN_KEY = 'afkit.facility.token';

/**
 * Stores the token of a remote facility in SecretStorage. With no `token` argument it asks for it in a
 * password box; an empty token removes the stored one. Resolves whether something changed.
 */
export async function setFacilityToken(secrets: vscode.SecretStorage, log: vscode.LogOutputChannel, token?: string): Promise<boolean> {
  const value =
    token ??
    (await vscode.window.showInputBox({
      title: 'Analysis Facility token',
      prompt: 'The token of the facility named in the setting afkit.facility.url (leave empty to remove the stored token)',
      password: true,
      ignoreFocusOut: true,
    }));
  if (value === undefined) return false;
  if (value.trim() === '') {
    await secrets.delete(FACILITY_TOKEN_KEY);
    log.info('Removed the stored facility token.');
  } else {
    await secrets.store(FACILITY_TOKEN_KEY, value.trim());
    log.info('Stored the facility token in SecretStorage.');
  }
  return true;
}
