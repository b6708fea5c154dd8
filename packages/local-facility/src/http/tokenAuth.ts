import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh random token (256 bits, hex), made once per facility start. */
export function generateToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Checks a request's token in constant time. HTTP calls send `Authorization: token …` (as Jupyter does);
 * WebSockets may also use `?token=…`, because browsers cannot set headers on them.
 */
export function hasValidToken(request: IncomingMessage, expected: string, allowQuery: boolean): boolean {
  const given = tokenOf(request, allowQuery);
  if (given === undefined) return false;
  // Hashing first makes both sides the same length, so the comparison leaks neither content nor length.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function tokenOf(request: IncomingMessage, allowQuery: boolean): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const match = /^(?:token|bearer)\s+(.+)$/i.exec(header.trim());
    return match?.[1];
  }
  if (!allowQuery) return undefined;
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  return url.searchParams.get('token') ?? undefined;
}
