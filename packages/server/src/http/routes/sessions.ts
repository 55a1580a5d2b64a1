/** Creating sessions, reading one's own view, and sending commands. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { view, type Command } from '@samenspel/engine';
import { hashToken, newId, newJoinCode, newToken } from '../../auth/tokens.js';
import { findByJoinCode, insertLiveSession } from '../../storage/live-sessions.js';
import { isClientOf } from '../../organisations/clients.js';
import { can } from '../../auth/roles.js';
import { sessionsVisibleTo } from '../../organisations/sessions.js';
import { actorKey, actorOf, assertTrainer, callerFor, commandCallerFor, requirePermission, viewerOf } from '../callers.js';
import type { AppContext } from '../context.js';
import { ApiError, parseWith, REFUSAL_STATUS, sendError } from '../errors.js';
import { commandRequestSchema } from '../command-schema.js';
import { audit } from '../../privacy/audit.js';

const createSchema = z.strictObject({
  caseId: z.string().min(1).max(120),
  /** A client organisation of the bureau one works in: the session becomes theirs, run by the bureau. */
  organisationId: z.string().min(1).max(64).optional(),
  variables: z.record(z.string(), z.string().max(200)).default({}),
  title: z.string().min(1).max(200).optional(),
});

const idParams = z.object({ id: z.string().min(1).max(64) });

export function publicOrigin(ctx: AppContext, req: FastifyRequest): string {
  if (ctx.config.publicUrl) return ctx.config.publicUrl.replace(/\/$/, '');
  return `${req.protocol}://${req.host}`;
}

export function sessionLinks(origin: string, sessionId: string, joinCode: string, projectorToken?: string) {
  return {
    join: `${origin}/join/${joinCode}`,
    console: `${origin}/trainer/sessions/${sessionId}`,
    // The token rides in the fragment so it never reaches a server log or a Referer header.
    ...(projectorToken ? { projector: `${origin}/beamer/${sessionId}#token=${projectorToken}` } : {}),
  };
}

async function uniqueJoinCode(ctx: AppContext): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const code = newJoinCode();
    if (!(await findByJoinCode(ctx.db, code))) return code;
  }
  throw new Error('no free join code');
}

export function registerSessionRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/api/sessions', async (req, reply) => {
    const user = await requirePermission(ctx, req, 'sessions.run');
    const body = parseWith(createSchema, req.body ?? {});
    const forClient = body.organisationId && body.organisationId !== user.organisationId ? body.organisationId : null;
    if (forClient && !(await isClientOf(ctx.db, user.organisationId, forClient))) throw new ApiError(403, 'unknown-client', { field: 'organisationId' });
    const owner = forClient ?? user.organisationId;
    const c = ctx.cases.get(body.caseId);
    if (!c) throw new ApiError(404, 'unknown-case', { caseId: body.caseId });
    const declared = c.variables ?? {};
    for (const key of Object.keys(body.variables)) if (!(key in declared)) throw new ApiError(400, 'unknown-variable', { field: `variables.${key}` });
    const variables = Object.fromEntries(Object.entries(declared).map(([k, v]) => [k, body.variables[k]?.trim() || String(v.default)]));
    const id = newId();
    const joinCode = await uniqueJoinCode(ctx);
    const projectorToken = newToken();
    const now = ctx.runtime.now();
    await insertLiveSession(ctx.db, { id, organisation_id: owner, run_by_organisation_id: forClient ? user.organisationId : null, case_id: c.id, join_code: joinCode, projector_token_hash: hashToken(projectorToken), status: 'empty', created_by: user.id, created_at: now });
    const seed = Math.floor(Math.random() * 2 ** 31);
    const command: Command = { type: 'create', case: c, variables, seed, ...(body.title ? { title: body.title } : {}) };
    const { result } = await ctx.runtime.execute(id, command, { kind: 'trainer' });
    if (!result.ok) throw new ApiError(409, result.refusal.code, result.refusal.detail ?? {});
    // In the owner's audit log: a client sees what the bureau did with its sessions.
    await audit(ctx.db, { organisationId: owner, userId: user.id, action: 'session.create', subjectType: 'session', subjectId: id, at: now });
    return reply.code(201).send({ id, joinCode, projectorToken, links: sessionLinks(publicOrigin(ctx, req), id, joinCode, projectorToken) });
  });

  app.get('/api/sessions', async (req) => {
    const user = await requirePermission(ctx, req, 'sessions.follow');
    const rows = await sessionsVisibleTo(ctx.db, user.organisationId);
    const out = [];
    for (const r of rows) {
      const s = await ctx.runtime.state(r.id);
      out.push({
        id: r.id,
        caseId: r.case_id,
        title: s?.title ?? s?.caseFile?.title ?? r.case_id,
        // Who only follows the roll-out cannot join a session with it either.
        ...(can(user.role, 'sessions.run') ? { joinCode: r.join_code } : {}),
        status: s?.status ?? r.status,
        createdAt: Number(r.created_at),
        participants: s ? Object.values(s.participants).filter((p) => !p.removed).length : 0,
        // Set when the session belongs to a client this organisation runs it for.
        ...(r.organisation_id !== user.organisationId ? { forOrganisation: r.organisation_name } : {}),
      });
    }
    return { sessions: out };
  });

  app.get('/api/sessions/:id/view', async (req) => {
    const { id } = parseWith(idParams, req.params);
    const { caller } = await callerFor(ctx, req, id);
    const s = await ctx.runtime.state(id);
    if (!s) throw new ApiError(404, 'unknown-session');
    return { view: view(s, viewerOf(caller)), serverTime: ctx.runtime.now() };
  });

  /** Trainer, observer and projector: the join code and links (the code is shown to the whole room anyway). */
  app.get('/api/sessions/:id/links', async (req) => {
    const { id } = parseWith(idParams, req.params);
    const { caller, session } = await callerFor(ctx, req, id);
    if (caller.kind === 'participant' || caller.kind === 'follower') throw new ApiError(403, 'forbidden');
    return { joinCode: session.join_code, links: sessionLinks(publicOrigin(ctx, req), id, session.join_code) };
  });

  /** Trainer only: a new projector token, e.g. on another laptop; the previous one stops working. */
  app.post('/api/sessions/:id/projector-link', async (req) => {
    const { id } = parseWith(idParams, req.params);
    const { caller, session } = await callerFor(ctx, req, id);
    assertTrainer(caller);
    const projectorToken = newToken();
    await ctx.db.updateTable('live_sessions').set({ projector_token_hash: hashToken(projectorToken) }).where('id', '=', id).execute();
    return { projectorToken, links: sessionLinks(publicOrigin(ctx, req), id, session.join_code, projectorToken) };
  });

  /**
   * Trainer only: a read-only link for a co-trainer. Only one is valid at a time, so making a new
   * one is also how a trainer takes a shared link back. The holder sees the trainer's view but
   * can send no command (actorOf gives no actor) and cannot export, erase or make links.
   */
  app.post('/api/sessions/:id/observer-link', async (req) => {
    const { id } = parseWith(idParams, req.params);
    const { caller } = await callerFor(ctx, req, id);
    assertTrainer(caller);
    const observerToken = newToken();
    await ctx.db.updateTable('live_sessions').set({ observer_token_hash: hashToken(observerToken) }).where('id', '=', id).execute();
    // Wakes the streams of this session (on every instance); one opened with the old token ends.
    const s = await ctx.runtime.state(id);
    if (s) ctx.runtime.bus.publish(id, s.seq);
    // In the fragment, like the projector's, so the token never reaches a log or a Referer header.
    return { link: `${publicOrigin(ctx, req)}/trainer/sessions/${id}#observer=${observerToken}` };
  });

  app.post('/api/sessions/:id/commands', async (req: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseWith(idParams, req.params);
    const caller = await commandCallerFor(ctx, req, id);
    const actor = actorOf(caller);
    if (!actor) throw new ApiError(403, 'not-allowed');
    const body = parseWith(commandRequestSchema, req.body);
    const command = body.command as Command;
    const { result, replayed } = await ctx.runtime.execute(id, command, actor, { actor: actorKey(caller), key: body.idempotencyKey });
    if (replayed) reply.header('idempotent-replayed', 'true');
    if (result.ok) return reply.send({ ok: true, seq: result.seq });
    return sendError(req, reply, REFUSAL_STATUS[result.refusal.code] ?? 409, result.refusal.code, result.refusal.detail ?? {});
  });
}
