/**
 * Who is calling, for a given session: the trainer (cookie, member of the owning organisation),
 * the projector (its token) or a participant (their seat token). The server derives the actor
 * and the viewer from this alone; nothing in a request body can claim an identity.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor, Viewer } from '@samenspel/engine';
import { hashToken } from '../auth/tokens.js';
import { userForAuthToken, type CurrentUser } from '../auth/users.js';
import { findLiveSession, findSeat, type LiveSessionRow } from '../storage/live-sessions.js';
import type { AppContext } from './context.js';
import { ApiError } from './errors.js';
import { AUTH_COOKIE, readCookie } from './cookies.js';

export type Caller =
  | { kind: 'trainer'; user: CurrentUser }
  | { kind: 'projector' }
  | { kind: 'participant'; participantId: string };

export async function currentUser(ctx: AppContext, req: FastifyRequest): Promise<CurrentUser | null> {
  const token = readCookie(req, AUTH_COOKIE);
  return token ? userForAuthToken(ctx.db, token, ctx.runtime.now()) : null;
}

export async function requireUser(ctx: AppContext, req: FastifyRequest): Promise<CurrentUser> {
  const user = await currentUser(ctx, req);
  if (!user) throw new ApiError(401, 'login-required');
  return user;
}

/** Bearer header; `?token=` only where allowed (the stream), because EventSource cannot set headers. */
function bearer(req: FastifyRequest, allowQueryToken: boolean): string | undefined {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim();
  if (!allowQueryToken) return undefined;
  const q = (req.query as Record<string, unknown> | undefined)?.token;
  return typeof q === 'string' && q ? q : undefined;
}

export async function callerFor(ctx: AppContext, req: FastifyRequest, sessionId: string, opts: { allowQueryToken?: boolean } = {}): Promise<{ caller: Caller; session: LiveSessionRow }> {
  const session = await findLiveSession(ctx.db, sessionId);
  if (!session) throw new ApiError(404, 'unknown-session');
  const token = bearer(req, opts.allowQueryToken ?? false);
  if (token) {
    const h = hashToken(token);
    if (h === session.projector_token_hash) return { caller: { kind: 'projector' }, session };
    const seat = await findSeat(ctx.db, h);
    if (seat && seat.session_id === sessionId) return { caller: { kind: 'participant', participantId: seat.participant_id }, session };
  }
  const user = await currentUser(ctx, req);
  if (user && user.organisationId === session.organisation_id) return { caller: { kind: 'trainer', user }, session };
  if (!token && !user) throw new ApiError(401, 'login-required');
  throw new ApiError(403, 'forbidden');
}

export function viewerOf(c: Caller): Viewer {
  return c.kind === 'participant' ? { kind: 'participant', participantId: c.participantId } : { kind: c.kind };
}

export function actorOf(c: Caller): Actor | null {
  if (c.kind === 'trainer') return { kind: 'trainer' };
  if (c.kind === 'participant') return { kind: 'participant', participantId: c.participantId };
  return null;
}

/** The key that scopes idempotency keys to one sender. */
export function actorKey(c: Caller): string {
  return c.kind === 'trainer' ? `trainer:${c.user.id}` : c.kind === 'participant' ? `participant:${c.participantId}` : 'projector';
}
