/**
 * Who is calling, for a given session: a trainer (cookie; a member who may run sessions in the
 * owning organisation or in the bureau that runs the session for it), a follower (a
 * programmabeheerder there: group report only), the projector (its token), an observer (a
 * co-trainer's read-only token) or a participant (their seat token). The server derives the actor and the viewer from this alone; nothing in a
 * request body can claim an identity.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor, Viewer } from '@samenspel/engine';
import { hashToken } from '../auth/tokens.js';
import { can, type Permission } from '../auth/roles.js';
import { userForAuthToken, type CurrentUser } from '../auth/users.js';
import { findLiveSession, findSeat, type LiveSessionRow } from '../storage/live-sessions.js';
import { isClientOf } from '../organisations/clients.js';
import type { AppContext } from './context.js';
import { ApiError } from './errors.js';
import { AUTH_COOKIE, readCookie } from './cookies.js';

export type Caller =
  | { kind: 'trainer'; user: CurrentUser }
  // Follows the roll-out (programmabeheerder): may see that the session ran and its group report.
  | { kind: 'follower'; user: CurrentUser }
  | { kind: 'projector' }
  // A co-trainer looking on: sees what the trainer sees but is never an actor. The hash lets an
  // open stream notice that a newer link has revoked this one.
  | { kind: 'observer'; tokenHash: string }
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
    if (session.observer_token_hash && h === session.observer_token_hash) return { caller: { kind: 'observer', tokenHash: h }, session };
    const seat = await findSeat(ctx.db, h);
    if (seat && seat.session_id === sessionId) return { caller: { kind: 'participant', participantId: seat.participant_id }, session };
  }
  const user = await currentUser(ctx, req);
  if (user) {
    for (const [permission, kind] of [['sessions.run', 'trainer'], ['sessions.follow', 'follower']] as const) {
      const via = accessVia(user, session, permission);
      // A bureau's access lasts as long as the client keeps it on as its bureau.
      if (via === 'bureau' && !(await isClientOf(ctx.db, session.run_by_organisation_id!, session.organisation_id))) continue;
      if (via) return { caller: { kind, user }, session };
    }
  }
  if (!token && !user) throw new ApiError(401, 'login-required');
  throw new ApiError(403, 'forbidden');
}

/**
 * The caller of a command. A participant's seat token (cached once found) and the session's
 * state (cached while it runs) are enough: the session row, which only says who else may come
 * in, is read for everyone else. In a burst of 750 answers this is one database read less each.
 */
export async function commandCallerFor(ctx: AppContext, req: FastifyRequest, sessionId: string): Promise<Caller> {
  const token = bearer(req, false);
  if (token) {
    const seat = await findSeat(ctx.db, hashToken(token));
    if (seat && seat.session_id === sessionId && (await ctx.runtime.state(sessionId))) return { kind: 'participant', participantId: seat.participant_id };
  }
  return (await callerFor(ctx, req, sessionId)).caller;
}

/**
 * Through any of the person's memberships: in the organisation that owns the session, or in the
 * bureau that runs it for them. Not through the active organisation alone, so a link from a
 * colleague opens whichever of one's organisations it belongs to.
 */
export function accessVia(user: CurrentUser, session: Pick<LiveSessionRow, 'organisation_id' | 'run_by_organisation_id'>, permission: Permission): 'owner' | 'bureau' | null {
  const holds = (org: string | null | undefined) => !!org && user.memberships.some((m) => m.organisationId === org && can(m.role, permission));
  if (holds(session.organisation_id)) return 'owner';
  if (holds(session.run_by_organisation_id)) return 'bureau';
  return null;
}

/** The logged-in person, who must hold `permission` in the organisation they work in now. */
export async function requirePermission(ctx: AppContext, req: FastifyRequest, permission: Permission): Promise<CurrentUser> {
  const user = await requireUser(ctx, req);
  if (!can(user.role, permission)) throw new ApiError(403, 'role-forbidden');
  return user;
}

/** Throws for a follower, who has no live view of a session. */
export function viewerOf(c: Caller): Viewer {
  switch (c.kind) {
    case 'follower':
      throw new ApiError(403, 'role-forbidden');
    case 'participant':
      return { kind: 'participant', participantId: c.participantId };
    // The co-trainer is there to follow the trainer's screen, private texts included.
    case 'observer':
    case 'trainer':
      return { kind: 'trainer' };
    case 'projector':
      return { kind: 'projector' };
  }
}

/** Null: this caller may not send commands (projector, observer). */
export function actorOf(c: Caller): Actor | null {
  switch (c.kind) {
    case 'trainer':
      return { kind: 'trainer' };
    case 'participant':
      return { kind: 'participant', participantId: c.participantId };
    case 'projector':
    case 'observer':
    case 'follower':
      return null;
  }
}

/** The key that scopes idempotency keys to one sender. */
export function actorKey(c: Caller): string {
  switch (c.kind) {
    case 'trainer':
      return `trainer:${c.user.id}`;
    case 'participant':
      return `participant:${c.participantId}`;
    case 'follower':
      return `follower:${c.user.id}`;
    case 'projector':
    case 'observer':
      return c.kind;
  }
}

/**
 * For what only the trainer may do (exports, erasure, new links). An observer hears why: their
 * link is read-only, which is not the same as having no access to the session at all.
 */
export function assertTrainer(c: Caller): asserts c is Extract<Caller, { kind: 'trainer' }> {
  if (c.kind === 'trainer') return;
  throw new ApiError(403, c.kind === 'observer' ? 'read-only' : c.kind === 'follower' ? 'role-forbidden' : 'forbidden');
}

/** Trainer and observer both read the trainer's reports; only the trainer has a user id to audit. */
export function isTrainerOrObserver(c: Caller): c is Extract<Caller, { kind: 'trainer' | 'observer' }> {
  return c.kind === 'trainer' || c.kind === 'observer';
}
