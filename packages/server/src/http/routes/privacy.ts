/** The rights of a participant, exercised by the trainer of their organisation: export and erasure; and deleting a whole session. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { audit } from '../../privacy/audit.js';
import { deleteSession } from '../../privacy/delete-session.js';
import type { SessionState } from '@samenspel/engine';
import { eraseParticipantFromSession, exportParticipant, pseudonymFor } from '../../privacy/erase.js';
import { assertTrainer, callerFor } from '../callers.js';
import type { AppContext } from '../context.js';
import { ApiError, parseWith } from '../errors.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const params = z.object({ id: z.string().min(1).max(64), participantId: z.string().min(1).max(64) });

/**
 * Erases a participant of an ended session (`s` is its state) and makes every instance drop its
 * cached state, which still holds the name. Returns the pseudonym they keep in the log.
 */
export async function eraseFromEndedSession(ctx: AppContext, s: SessionState, sessionId: string, participantId: string): Promise<string> {
  const pseudonym = pseudonymFor(s.order.indexOf(participantId));
  await eraseParticipantFromSession(ctx.db, sessionId, participantId, pseudonym);
  ctx.runtime.forget(sessionId);
  // The sequence number is unchanged (events are rewritten, none added); other instances hear it and re-read.
  ctx.runtime.bus.publish(sessionId, s.seq);
  return pseudonym;
}

export function registerPrivacyRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/sessions/:id/participants/:participantId/export', async (req, reply) => {
    const { id, participantId } = parseWith(params, req.params);
    const { caller, session } = await callerFor(ctx, req, id);
    assertTrainer(caller);
    const s = await ctx.runtime.state(id);
    if (!s?.participants[participantId]) throw new ApiError(404, 'unknown-participant');
    await audit(ctx.db, { organisationId: session.organisation_id, userId: caller.user.id, action: 'participant.export', subjectType: 'participant', subjectId: `${id}/${participantId}`, at: ctx.runtime.now() });
    reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="samenspel-gegevens-${participantId}.json"`);
    return exportParticipant(ctx.db, id, participantId);
  });

  app.post('/api/sessions/:id/participants/:participantId/erase', async (req) => {
    const { id, participantId } = parseWith(params, req.params);
    const { caller, session } = await callerFor(ctx, req, id);
    assertTrainer(caller);
    const s = await ctx.runtime.state(id);
    if (!s?.participants[participantId]) throw new ApiError(404, 'unknown-participant');
    // During play the name is still needed in the room; erase after the session.
    if (s.status !== 'ended') throw new ApiError(409, 'erase-after-session');
    const pseudonym = await eraseFromEndedSession(ctx, s, id, participantId);
    await audit(ctx.db, { organisationId: session.organisation_id, userId: caller.user.id, action: 'participant.erase', subjectType: 'participant', subjectId: `${id}/${participantId}`, at: ctx.runtime.now() });
    return { ok: true, pseudonym };
  });

  /** A whole session, log and all. Not while it runs: people in the room are still playing it. */
  app.post('/api/sessions/:id/delete', async (req) => {
    const { id } = parseWith(idParams, req.params);
    const { caller, session } = await callerFor(ctx, req, id);
    assertTrainer(caller);
    const s = await ctx.runtime.state(id);
    if (s?.status === 'running') throw new ApiError(409, 'delete-running-session');
    await deleteSession(ctx.db, id);
    ctx.runtime.forget(id);
    // Open streams (the projector, a phone) hear of it and find nothing any more.
    ctx.runtime.bus.publish(id, (s?.seq ?? 0) + 1);
    await audit(ctx.db, { organisationId: session.organisation_id, userId: caller.user.id, action: 'session.delete', subjectType: 'session', subjectId: id, at: ctx.runtime.now() });
    return { ok: true };
  });
}
