import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Adds CORS headers only for the configured host origins (e.g. the JupyterLab page), so other web pages
 * in the user's browser cannot call the facility. Returns false when the request comes from a page
 * whose origin is not allowed.
 */
export function applyCors(request: IncomingMessage, response: ServerResponse, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  if (!allowedOrigins.has(origin)) return false;
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Vary', 'Origin');
  response.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
  response.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
  response.setHeader('Access-Control-Max-Age', '600');
  return true;
}

/** Whether a WebSocket upgrade comes from an allowed page (no Origin: a non-browser client, checked by token alone). */
export function isAllowedOrigin(request: IncomingMessage, allowedOrigins: ReadonlySet<string>): boolean {
  const origin = request.headers.origin;
  return origin === undefined || allowedOrigins.has(origin);
}
