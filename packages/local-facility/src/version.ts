/** The facility's version, as `/api/version` and `info()` report it. */
export const FACILITY_VERSION = '0.1.0';
