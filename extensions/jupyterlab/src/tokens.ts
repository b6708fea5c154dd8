import type { Facility, HostApi } from '@afkit/core';
import { Token } from '@lumino/coreutils';

/** The facility afkit's panels talk to; other extensions may require it to reach the same backend. */
export const IFacility = new Token<Facility>('afkit-jupyterlab:IFacility', 'The analysis facility afkit panels talk to.');

/** The host API (open a panel, insert code into the active notebook, show a message) handed to panels. */
export const IAfkitHost = new Token<HostApi>('afkit-jupyterlab:IAfkitHost', "JupyterLab's side of the afkit host API.");
