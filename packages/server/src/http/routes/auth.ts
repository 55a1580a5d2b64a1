import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import { AUTH_SESSION_DAYS, createAuthSession, deleteAuthSession, findUserByEmail, switchOrganisation, userForAuthToken } from '../../auth/users.js';
import { requireUser } from '../callers.js';
import { announceAccessChange } from '../access-watch.js';
import type { AppContext } from '../context.js';
import { AUTH_COOKIE, clearAuthCookie, readCookie, setAuthCookie } from '../cookies.js';
import { ApiError, parseWith } from '../errors.js';

const loginSchema = z.strictObject({ email: z.string().min(1).max(200), password: z.string().min(1).max(200) });

// Verified against when the e-mail is unknown, so both failures take as long.
let dummyHash: Promise<string> | null = null;
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/auth/login', async (req, reply) => {
    if (!ctx.loginLimiter.allowed(req.ip)) throw new ApiError(429, 'too-many-requests');
    const body = parseWith(loginSchema, req.body ?? {});
    const user = await findUserByEmail(ctx.db, body.email);
    const ok = await verifyPassword(user?.password_hash ?? (await dummy()), body.password);
    if (!user || !ok) {
      ctx.loginLimiter.hit(req.ip);
      throw new ApiError(401, 'login-failed');
    }
    const token = await createAuthSession(ctx.db, user.id, ctx.runtime.now());
    const current = await userForAuthToken(ctx.db, token, ctx.runtime.now());
    if (!current) {
      // A person removed from every organisation keeps no account; this is the rare in-between.
      await deleteAuthSession(ctx.db, token);
      throw new ApiError(403, 'no-organisation');
    }
    setAuthCookie(req, reply, token, AUTH_SESSION_DAYS * 86_400);
    return { user: current };
  });

  app.post('/api/auth/logout', async (req, reply) => {
    const token = readCookie(req, AUTH_COOKIE);
    if (token) {
      await deleteAuthSession(ctx.db, token);
      // This login's open trainer streams end too.
      announceAccessChange(ctx);
    }
    clearAuthCookie(reply);
    return { ok: true };
  });

  app.get('/api/auth/me', async (req) => {
    const user = await requireUser(ctx, req);
    return { user };
  });

  /** Work in another of one's organisations (a trainer of a bureau who is also a municipality's member). */
  app.post('/api/auth/organisation', async (req) => {
    const user = await requireUser(ctx, req);
    const { organisationId } = parseWith(z.strictObject({ organisationId: z.string().min(1).max(64) }), req.body ?? {});
    const token = readCookie(req, AUTH_COOKIE)!;
    // Memberships are those this login counts for (a single sign-on login: one organisation).
    if (!user.memberships.some((m) => m.organisationId === organisationId) || !(await switchOrganisation(ctx.db, token, user.id, organisationId))) throw new ApiError(403, 'not-a-member');
    return { user: await userForAuthToken(ctx.db, token, ctx.runtime.now()) };
  });
}

