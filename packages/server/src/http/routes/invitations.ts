/**
 * Opening an invitation link (`/uitnodiging#<token>`): what it is for, and accepting it with the
 * account one is logged in with or with a new one. The token travels in the body, never in a
 * URL, so it reaches no log line.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AUTH_SESSION_DAYS, createAuthSession, switchOrganisation, userForAuthToken } from '../../auth/users.js';
import { acceptInvitation, findInvitation, InvitationError } from '../../organisations/invitations.js';
import { audit } from '../../privacy/audit.js';
import { currentUser } from '../callers.js';
import type { AppContext } from '../context.js';
import { AUTH_COOKIE, readCookie, setAuthCookie } from '../cookies.js';
import { ApiError, parseWith } from '../errors.js';

const token = z.string().min(16).max(200);
export const MIN_PASSWORD = 12;

const acceptSchema = z.strictObject({
  token,
  account: z
    .strictObject({
      name: z.string().trim().min(1).max(200),
      email: z.email().max(200),
      password: z.string().max(200),
    })
    .optional(),
});

export function registerInvitationRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/invitations/lookup', async (req) => {
    // Guessing tokens is hopeless (256 bits), but failed tries are limited like logins anyway.
    if (!ctx.invitationLimiter.allowed(req.ip)) throw new ApiError(429, 'too-many-requests');
    const body = parseWith(z.strictObject({ token }), req.body ?? {});
    const inv = await findInvitation(ctx.db, body.token, ctx.runtime.now());
    if (!inv) {
      ctx.invitationLimiter.hit(req.ip);
      throw new ApiError(404, 'unknown-invitation');
    }
    const user = await currentUser(ctx, req);
    return { organisationName: inv.organisationName, role: inv.role, expiresAt: inv.expiresAt, alreadyMember: !!user?.memberships.some((m) => m.organisationId === inv.organisationId) };
  });

  app.post('/api/invitations/accept', async (req, reply) => {
    if (!ctx.invitationLimiter.allowed(req.ip)) throw new ApiError(429, 'too-many-requests');
    const body = parseWith(acceptSchema, req.body ?? {});
    const now = ctx.runtime.now();
    const user = await currentUser(ctx, req);
    if (!user && !body.account) throw new ApiError(401, 'login-required');
    if (!user && body.account && body.account.password.length < MIN_PASSWORD) throw new ApiError(400, 'password-too-short', { field: 'account.password' });
    let accepted: { userId: string; organisationId: string };
    try {
      accepted = await acceptInvitation(ctx.db, body.token, user ? { userId: user.id } : body.account!, now);
    } catch (e) {
      if (!(e instanceof InvitationError)) throw e;
      if (e.code === 'unknown-invitation') ctx.invitationLimiter.hit(req.ip);
      throw new ApiError(e.code === 'unknown-invitation' ? 404 : 409, e.code);
    }
    await audit(ctx.db, { organisationId: accepted.organisationId, userId: accepted.userId, action: 'invitation.accept', subjectType: 'user', subjectId: accepted.userId, at: now });
    let authToken = readCookie(req, AUTH_COOKIE);
    if (user && authToken) {
      // Work in the organisation one has just joined.
      await switchOrganisation(ctx.db, authToken, user.id, accepted.organisationId);
    } else {
      authToken = await createAuthSession(ctx.db, accepted.userId, now, accepted.organisationId);
      setAuthCookie(req, reply, authToken, AUTH_SESSION_DAYS * 86_400);
    }
    return reply.code(201).send({ user: await userForAuthToken(ctx.db, authToken, now) });
  });
}
