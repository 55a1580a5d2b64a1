/** Login through the organisation's OpenID Connect provider; see auth/oidc.ts. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUTH_SESSION_DAYS, createAuthSession } from '../../auth/users.js';
import { finishOidcLogin, OidcError, organisationsWithOidc, startOidcLogin } from '../../auth/oidc.js';
import type { AppContext } from '../context.js';
import { setAuthCookie } from '../cookies.js';
import { ApiError, parseWith } from '../errors.js';
import { publicOrigin } from './sessions.js';

export const OIDC_CALLBACK = '/api/auth/oidc/callback';

export function registerOidcRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/auth/oidc', async () => ({ providers: await organisationsWithOidc(ctx.db) }));

  app.get('/api/auth/oidc/:organisationId/start', async (req, reply) => {
    const { organisationId } = parseWith(z.object({ organisationId: z.string().min(1).max(64) }), req.params);
    try {
      const url = await startOidcLogin(ctx.db, organisationId, `${publicOrigin(ctx, req)}${OIDC_CALLBACK}`, ctx.runtime.now());
      return reply.redirect(url, 302);
    } catch (e) {
      if (e instanceof OidcError) throw new ApiError(e.code === 'oidc-not-configured' ? 404 : 502, e.code);
      ctx.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'oidc discovery failed');
      throw new ApiError(502, 'oidc-failed');
    }
  });

  app.get(OIDC_CALLBACK, async (req, reply) => {
    const now = ctx.runtime.now();
    try {
      const { userId, organisationId } = await finishOidcLogin(ctx.db, new URL(req.url, publicOrigin(ctx, req)), now);
      // Logged in through this organisation's provider: work in this organisation.
      // Only there: the provider vouches for this organisation's people, not for their other memberships.
      const token = await createAuthSession(ctx.db, userId, now, organisationId, true);
      setAuthCookie(req, reply, token, AUTH_SESSION_DAYS * 86_400);
      return reply.redirect('/trainer', 302);
    } catch (e) {
      const code = e instanceof OidcError ? e.code : 'oidc-failed';
      if (!(e instanceof OidcError)) ctx.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'oidc callback failed');
      // Back to the login page, which says what went wrong in the person's language.
      return reply.redirect(`/trainer?login=${code}`, 302);
    }
  });
}
