/** Security headers on every response, and the custom-header CSRF check on state-changing requests. */
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.js';

export const CSRF_HEADER = 'x-samenspel';

export const SECURITY_HEADERS: Record<string, string> = {
  // No 'unsafe-inline' anywhere: the web app uses no inline scripts or style attributes.
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
  'cross-origin-opener-policy': 'same-origin',
};

export function registerSecurity(app: FastifyInstance): void {
  app.addHook('onRequest', async (req, reply) => {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) reply.header(k, v);
    // A browser only sends a custom header from our own origin (CORS preflight would be needed
    // otherwise, and we allow none), so its presence proves the request is not a forged form post.
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS' && req.url.startsWith('/api/')) {
      if (req.headers[CSRF_HEADER] !== '1') return sendError(req, reply, 403, 'csrf-header-missing');
    }
    return undefined;
  });
}
