/**
 * Reports, built by the engine from the log: a participant reads their own personal report once
 * the session has ended; the trainer (and a co-trainer with the read-only observer link) reads
 * the session report and anyone's personal report.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { personalReport, restrictDebrief, sessionReport, type SessionState } from '@samenspel/engine';
import { audit } from '../../privacy/audit.js';
import { callerFor, isTrainerOrObserver, type Caller } from '../callers.js';
import type { AppContext } from '../context.js';
import { personalReportPdf } from '../../reports/pdf.js';
import { ApiError, parseWith } from '../errors.js';
import { langFrom } from '../messages.js';

/**
 * The session report for someone who follows the roll-out: the group only. No participant list,
 * no per-person profile, prediction or accuracy (in a group of eight, "Deelnemer 3" is soon
 * somebody), no free text (reflections may name people, a session title may too): the number of
 * participants, the decisions with their tallies, group and side profiles, group accuracy.
 */
function groupReport(s: SessionState) {
  const r = sessionReport(s);
  return {
    ...r,
    sessionTitle: r.caseTitle,
    participants: [],
    participantCount: r.participants.length,
    reflections: [],
    // What the projector may show of the debrief: group figures, and no side of a single person.
    debrief: restrictDebrief(r.debrief, { kind: 'projector' }),
  };
}

export function registerReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  /**
   * Who read a report, for the audit log. An observer has no user account, so their reads are
   * recorded with the session's organisation and no user id.
   */
  const auditRead = (caller: Extract<Caller, { kind: 'trainer' | 'observer' | 'follower' }>, organisationId: string, action: 'session.report.view' | 'participant.report.view', subjectType: 'session' | 'participant', subjectId: string) =>
    audit(ctx.db, { organisationId, userId: caller.kind === 'observer' ? null : caller.user.id, action, subjectType, subjectId, at: ctx.runtime.now() });

  /** The personal report as a PDF: the participant's own, or anyone's for the trainer or observer (?participant=). */
  app.get('/api/sessions/:id/report.pdf', async (req, reply) => {
    const { id } = parseWith(z.object({ id: z.string().min(1).max(64) }), req.params);
    const { participant } = parseWith(z.object({ participant: z.string().min(1).max(64).optional() }), req.query ?? {});
    const { caller, session } = await callerFor(ctx, req, id);
    const s = await ctx.runtime.state(id);
    if (!s?.caseFile) throw new ApiError(404, 'unknown-session');
    let pid: string;
    if (caller.kind === 'participant') {
      if (s.status !== 'ended') throw new ApiError(409, 'report-not-ready');
      pid = caller.participantId;
    } else if (isTrainerOrObserver(caller) && participant && s.participants[participant]) pid = participant;
    else throw new ApiError(isTrainerOrObserver(caller) ? 404 : 403, isTrainerOrObserver(caller) ? 'unknown-participant' : 'forbidden');
    if (isTrainerOrObserver(caller)) await auditRead(caller, session.organisation_id, 'participant.report.view', 'participant', `${id}/${pid}`);
    const pdf = await personalReportPdf(personalReport(s, pid), langFrom(req.headers['accept-language']));
    return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `attachment; filename="samenspel-verslag-${s.caseFile.id}.pdf"`).send(pdf);
  });

  app.get('/api/sessions/:id/report', async (req) => {
    const { id } = parseWith(z.object({ id: z.string().min(1).max(64) }), req.params);
    const { participant } = parseWith(z.object({ participant: z.string().min(1).max(64).optional() }), req.query ?? {});
    const { caller, session } = await callerFor(ctx, req, id);
    const s = await ctx.runtime.state(id);
    if (!s?.caseFile) throw new ApiError(404, 'unknown-session');
    if (caller.kind === 'participant') {
      // Before the end a report would show outcomes the trainer has not revealed yet.
      if (s.status !== 'ended') throw new ApiError(409, 'report-not-ready');
      return { kind: 'personal', report: personalReport(s, caller.participantId) };
    }
    // A programmabeheerder follows the group, not individual people.
    if (caller.kind === 'follower') {
      if (participant) throw new ApiError(403, 'role-forbidden');
      // While it runs, a report would show what the trainer has not revealed yet.
      if (s.status !== 'ended') throw new ApiError(409, 'report-not-ready');
      await auditRead(caller, session.organisation_id, 'session.report.view', 'session', id);
      return { kind: 'session', pseudonymised: true, report: groupReport(s) };
    }
    if (!isTrainerOrObserver(caller)) throw new ApiError(403, 'forbidden');
    if (participant) {
      if (!s.participants[participant]) throw new ApiError(404, 'unknown-participant');
      await auditRead(caller, session.organisation_id, 'participant.report.view', 'participant', `${id}/${participant}`);
      return { kind: 'personal', report: personalReport(s, participant) };
    }
    await auditRead(caller, session.organisation_id, 'session.report.view', 'session', id);
    return { kind: 'session', report: sessionReport(s) };
  });
}
