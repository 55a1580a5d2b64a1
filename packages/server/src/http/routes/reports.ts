/**
 * Reports, built by the engine from the log: a participant reads their own personal report once
 * the session has ended; the trainer reads the session report and anyone's personal report.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { personalReport, sessionReport } from '@samenspel/engine';
import { audit } from '../../privacy/audit.js';
import { callerFor } from '../callers.js';
import type { AppContext } from '../context.js';
import { personalReportPdf } from '../../reports/pdf.js';
import { ApiError, parseWith } from '../errors.js';
import { langFrom } from '../messages.js';

export function registerReportRoutes(app: FastifyInstance, ctx: AppContext): void {
  /** The personal report as a PDF: the participant's own, or anyone's for the trainer (?participant=). */
  app.get('/api/sessions/:id/report.pdf', async (req, reply) => {
    const { id } = parseWith(z.object({ id: z.string().min(1).max(64) }), req.params);
    const { participant } = parseWith(z.object({ participant: z.string().min(1).max(64).optional() }), req.query ?? {});
    const { caller } = await callerFor(ctx, req, id);
    const s = await ctx.runtime.state(id);
    if (!s?.caseFile) throw new ApiError(404, 'unknown-session');
    let pid: string;
    if (caller.kind === 'participant') {
      if (s.status !== 'ended') throw new ApiError(409, 'report-not-ready');
      pid = caller.participantId;
    } else if (caller.kind === 'trainer' && participant && s.participants[participant]) pid = participant;
    else throw new ApiError(caller.kind === 'trainer' ? 404 : 403, caller.kind === 'trainer' ? 'unknown-participant' : 'forbidden');
    if (caller.kind === 'trainer') await audit(ctx.db, { organisationId: caller.user.organisationId, userId: caller.user.id, action: 'participant.report.view', subjectType: 'participant', subjectId: `${id}/${pid}`, at: ctx.runtime.now() });
    const pdf = await personalReportPdf(personalReport(s, pid), langFrom(req.headers['accept-language']));
    return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', `attachment; filename="samenspel-verslag-${s.caseFile.id}.pdf"`).send(pdf);
  });

  app.get('/api/sessions/:id/report', async (req) => {
    const { id } = parseWith(z.object({ id: z.string().min(1).max(64) }), req.params);
    const { participant } = parseWith(z.object({ participant: z.string().min(1).max(64).optional() }), req.query ?? {});
    const { caller } = await callerFor(ctx, req, id);
    const s = await ctx.runtime.state(id);
    if (!s?.caseFile) throw new ApiError(404, 'unknown-session');
    if (caller.kind === 'participant') {
      // Before the end a report would show outcomes the trainer has not revealed yet.
      if (s.status !== 'ended') throw new ApiError(409, 'report-not-ready');
      return { kind: 'personal', report: personalReport(s, caller.participantId) };
    }
    if (caller.kind !== 'trainer') throw new ApiError(403, 'forbidden');
    const at = ctx.runtime.now();
    if (participant) {
      if (!s.participants[participant]) throw new ApiError(404, 'unknown-participant');
      await audit(ctx.db, { organisationId: caller.user.organisationId, userId: caller.user.id, action: 'participant.report.view', subjectType: 'participant', subjectId: `${id}/${participant}`, at });
      return { kind: 'personal', report: personalReport(s, participant) };
    }
    await audit(ctx.db, { organisationId: caller.user.organisationId, userId: caller.user.id, action: 'session.report.view', subjectType: 'session', subjectId: id, at });
    return { kind: 'session', report: sessionReport(s) };
  });
}
