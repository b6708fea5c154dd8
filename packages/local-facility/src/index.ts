export { LocalFacility } from './LocalFacility.ts';
export type { LocalFacilityOptions } from './LocalFacility.ts';
export type { Feature, FeatureContext } from './Feature.ts';
export type { Router, RouteContext, RouteHandler, RouteResult } from './http/Router.ts';
export type { WebSocketRoutes, WebSocketHandler } from './http/WebSocketRoutes.ts';
export { generateToken } from './http/tokenAuth.ts';
export { defaultFeatures } from './features/defaultFeatures.ts';
export * from './clusters/index.ts';
