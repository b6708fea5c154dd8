import { HttpFacility, type Facility } from '@afkit/core';
import type { JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { Notification } from '@jupyterlab/apputils';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { readProfile, resolveProfile, type FacilityProfile } from './facilityProfile.ts';
import { IFacility } from './tokens.ts';

/**
 * Provides the {@link IFacility}: an `HttpFacility` for the profile in this plugin's settings
 * (`schema/plugin.json`), by default the local facility named in the page config.
 */
export const facilityPlugin: JupyterFrontEndPlugin<Facility> = {
  id: 'afkit-jupyterlab:plugin',
  description: 'Provides the analysis facility afkit panels talk to.',
  autoStart: true,
  provides: IFacility,
  optional: [ISettingRegistry],
  activate: async (app: JupyterFrontEnd, settingRegistry: ISettingRegistry | null): Promise<Facility> => {
    let profile: FacilityProfile = readProfile(undefined);
    if (settingRegistry) {
      try {
        profile = readProfile((await settingRegistry.load(facilityPlugin.id)).composite);
      } catch (error) {
        console.warn('afkit: cannot read the facility settings; using the page config', error);
      }
    }
    let target = { url: profile.url, token: '' };
    try {
      target = await resolveProfile(profile, app.serviceManager.contents);
    } catch (error) {
      Notification.error(`afkit: cannot read the facility token file "${profile.tokenFile}": ${String(error)}`);
    }
    if (!target.url) {
      Notification.warning('afkit: no facility configured. Start JupyterLab with `npm start`, or set the facility URL in Settings → Analysis Facility.');
    }
    return new HttpFacility(target);
  },
};
