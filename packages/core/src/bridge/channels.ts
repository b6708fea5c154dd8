/** The bridge channel on which a webview reaches the `Facility` held by its host. */
export const FACILITY_CHANNEL = 'facility';

/** The bridge channel on which a webview reaches its host's `HostApi`. */
export const HOST_CHANNEL = 'host';
