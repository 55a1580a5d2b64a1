/**
 * Requests about one person across the whole organisation (the beheerder handles them): export
 * everything, or erase it; and the pseudonymised research export (beheerder, programmabeheerder).
 * Per-session export and erasure by the trainer stay in privacy.ts.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { loadEvents } from '../../storage/event-store.js';
import { memberAccount, exportPerson, seatsOfPerson } from '../../privacy/person.js';
import { eraseFromEndedSession } from './privacy.js';
import { researchSession } from '../../privacy/research-export.js';
import { audit } from '../../privacy/audit.js';
import { MembershipError, removeMember } from '../../organisations/members.js';
import { requirePermission } from '../callers.js';
import { announceAccessChange } from '../access-watch.js';
import type { AppContext } from '../context.js';
import { ApiError, parseWith } from '../errors.js';

const personSchema = z.strictObject({ email: z.email().max(200) });

/**
 * The audit log records that a request was handled, under a fresh id: an e-mail address (or a
 * hash of it, which a known address would match) would keep the erased person findable.
 */
const requestRef = () => randomUUID();

export function registerPeopleRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/organisation/people/export', async (req, reply) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const { email } = parseWith(personSchema, req.body ?? {});
    const data = await exportPerson(ctx.db, user.organisationId, email);
    if (!data.account && data.participations.length === 0) throw new ApiError(404, 'unknown-person');
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'person.export', subjectType: 'person', subjectId: requestRef(), at: ctx.runtime.now() });
    reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="samenspel-persoonsgegevens.json"');
    return data;
  });

  /**
   * Erases the person from every ended session of the organisation (name and e-mail gone, the
   * log replays under "Deelnemer N") and ends their membership. Sessions still running are
   * named in the answer and left alone: the room still needs the name; erase again afterwards.
   */
  app.post('/api/organisation/people/erase', async (req) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const { email } = parseWith(personSchema, req.body ?? {});
    const account = await memberAccount(ctx.db, user.organisationId, email);
    const seats = await seatsOfPerson(ctx.db, user.organisationId, email);
    if (!account && seats.length === 0) throw new ApiError(404, 'unknown-person');
    const running: string[] = [];
    let erased = 0;
    for (const seat of seats) {
      const s = await ctx.runtime.state(seat.sessionId);
      if (!s?.participants[seat.participantId]) continue;
      if (s.status !== 'ended') {
        running.push(seat.sessionId);
        continue;
      }
      await eraseFromEndedSession(ctx, s, seat.sessionId, seat.participantId);
      erased++;
    }
    let accountRemoved = false;
    if (account) {
      try {
        await removeMember(ctx.db, user.organisationId, account.id);
        accountRemoved = true;
        announceAccessChange(ctx);
      } catch (e) {
        if (!(e instanceof MembershipError)) throw e;
        // The last beheerder stays (the organisation would be unmanageable); said in the answer.
      }
    }
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'person.erase', subjectType: 'person', subjectId: requestRef(), at: ctx.runtime.now() });
    return { erasedParticipations: erased, runningSessions: running, membershipEnded: accountRemoved, membershipKept: !!account && !accountRemoved };
  });

  app.get('/api/organisation/research-export', async (req, reply) => {
    const user = await requirePermission(ctx, req, 'research.export');
    const rows = await ctx.db.selectFrom('live_sessions').select(['id']).where('organisation_id', '=', user.organisationId).where('status', '=', 'ended').orderBy('created_at').execute();
    const sessions = [];
    for (const r of rows) {
      const s = await ctx.runtime.state(r.id);
      if (!s?.caseFile || s.status !== 'ended') continue;
      sessions.push(researchSession(`S${String(sessions.length + 1).padStart(2, '0')}`, s, await loadEvents(ctx.db, r.id)));
    }
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'research.export', subjectType: 'organisation', subjectId: user.organisationId, at: ctx.runtime.now() });
    reply.header('cache-control', 'no-store').header('content-disposition', 'attachment; filename="samenspel-onderzoeksexport.json"');
    return { format: 'samenspel-research-export', version: 1, sessions };
  });
}
