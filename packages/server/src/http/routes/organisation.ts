/**
 * The organisation one works in: its members and their roles, invitations, client organisations
 * (for a bureau), retention and the audit log. Everything is scoped to the organisation the
 * login works in now (`POST /api/auth/organisation` switches it); managing takes the beheerder role.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ORGANISATION_ROLES, can } from '../../auth/roles.js';
import { ClientError, createClient, endClientRelation, isClientOf, listBureaus, listClients } from '../../organisations/clients.js';
import { createInvitation, pendingInvitations, revokeInvitation } from '../../organisations/invitations.js';
import { listMembers, MembershipError, removeMember, setMemberRole } from '../../organisations/members.js';
import { audit, auditTrail } from '../../privacy/audit.js';
import { requirePermission, requireUser } from '../callers.js';
import { announceAccessChange } from '../access-watch.js';
import type { AppContext } from '../context.js';
import { ApiError, parseWith } from '../errors.js';
import { publicOrigin } from './sessions.js';

const userParams = z.object({ userId: z.string().min(1).max(64) });
const idParams = z.object({ id: z.string().min(1).max(64) });
const roleSchema = z.strictObject({ role: z.enum(ORGANISATION_ROLES) });

/** The token rides in the fragment, so it reaches no server log and no Referer header. */
export const invitationLink = (origin: string, token: string) => `${origin}/uitnodiging#${token}`;

function membershipError(e: unknown): never {
  if (e instanceof MembershipError) throw new ApiError(e.code === 'last-beheerder' ? 409 : 404, e.code);
  throw e;
}

export function registerOrganisationRoutes(app: FastifyInstance, ctx: AppContext): void {
  /** For every member: what the organisation is, one's role, and its clients or bureaus. */
  app.get('/api/organisation', async (req) => {
    const user = await requireUser(ctx, req);
    const org = await ctx.db.selectFrom('organisations').select(['id', 'name', 'retention_days']).where('id', '=', user.organisationId).executeTakeFirstOrThrow();
    return {
      organisation: { id: org.id, name: org.name, retentionDays: Number(org.retention_days) },
      role: user.role,
      permissions: user.permissions,
      // Trainers need the clients to run sessions for them; the rest of the page is the beheerder's.
      clients: can(user.role, 'sessions.run') || can(user.role, 'organisation.manage') ? await listClients(ctx.db, org.id) : [],
      bureaus: await listBureaus(ctx.db, org.id),
    };
  });

  app.post('/api/organisation/settings', async (req) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const body = parseWith(z.strictObject({ retentionDays: z.number().int().min(1).max(3650) }), req.body ?? {});
    await ctx.db.updateTable('organisations').set({ retention_days: body.retentionDays }).where('id', '=', user.organisationId).execute();
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'organisation.settings', subjectType: 'organisation', subjectId: user.organisationId, at: ctx.runtime.now() });
    return { ok: true, retentionDays: body.retentionDays };
  });

  app.get('/api/organisation/members', async (req) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    return { members: await listMembers(ctx.db, user.organisationId) };
  });

  app.post('/api/organisation/members/:userId/role', async (req) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const { userId } = parseWith(userParams, req.params);
    const { role } = parseWith(roleSchema, req.body ?? {});
    await setMemberRole(ctx.db, user.organisationId, userId, role).catch(membershipError);
    announceAccessChange(ctx);
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'member.role', subjectType: 'user', subjectId: userId, at: ctx.runtime.now() });
    return { ok: true };
  });

  app.post('/api/organisation/members/:userId/remove', async (req) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const { userId } = parseWith(userParams, req.params);
    const r = await removeMember(ctx.db, user.organisationId, userId).catch(membershipError);
    announceAccessChange(ctx);
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'member.remove', subjectType: 'user', subjectId: userId, at: ctx.runtime.now() });
    return { ok: true, accountDeleted: r.accountDeleted };
  });

  app.get('/api/organisation/invitations', async (req) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    return { invitations: await pendingInvitations(ctx.db, user.organisationId, ctx.runtime.now()) };
  });

  app.post('/api/organisation/invitations', async (req, reply) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const { role } = parseWith(roleSchema, req.body ?? {});
    const now = ctx.runtime.now();
    const inv = await createInvitation(ctx.db, { organisationId: user.organisationId, role, createdBy: user.id, now });
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'invitation.create', subjectType: 'invitation', subjectId: inv.id, at: now });
    return reply.code(201).send({ id: inv.id, role, expiresAt: inv.expiresAt, link: invitationLink(publicOrigin(ctx, req), inv.token) });
  });

  app.post('/api/organisation/invitations/:id/revoke', async (req) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const { id } = parseWith(idParams, req.params);
    if (!(await revokeInvitation(ctx.db, user.organisationId, id))) throw new ApiError(404, 'unknown-invitation');
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'invitation.revoke', subjectType: 'invitation', subjectId: id, at: ctx.runtime.now() });
    return { ok: true };
  });

  /**
   * A bureau takes on a client: a new organisation, and an invitation for its first beheerder
   * (someone at the client, who then invites their own colleagues and sets their retention).
   */
  app.post('/api/organisation/clients', async (req, reply) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const { name } = parseWith(z.strictObject({ name: z.string().trim().min(2).max(200) }), req.body ?? {});
    const now = ctx.runtime.now();
    const client = await createClient(ctx.db, user.organisationId, name, now).catch((e: unknown) => {
      if (e instanceof ClientError) throw new ApiError(409, e.code);
      throw e;
    });
    const inv = await createInvitation(ctx.db, { organisationId: client.id, role: 'beheerder', createdBy: user.id, now });
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'client.create', subjectType: 'organisation', subjectId: client.id, at: now });
    await audit(ctx.db, { organisationId: client.id, userId: user.id, action: 'invitation.create', subjectType: 'invitation', subjectId: inv.id, at: now });
    return reply.code(201).send({ client, invitation: { id: inv.id, role: 'beheerder', expiresAt: inv.expiresAt, link: invitationLink(publicOrigin(ctx, req), inv.token) } });
  });

  /**
   * A new first-beheerder link for a client that has no beheerder yet (the first expired or went
   * astray); earlier open links for the client are withdrawn.
   */
  app.post('/api/organisation/clients/:clientId/invitation', async (req, reply) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const { clientId } = parseWith(z.object({ clientId: z.string().min(1).max(64) }), req.params);
    const client = (await listClients(ctx.db, user.organisationId)).find((c) => c.id === clientId);
    if (!client) throw new ApiError(404, 'unknown-client');
    if (client.hasBeheerder) throw new ApiError(409, 'client-has-beheerder');
    const now = ctx.runtime.now();
    await ctx.db.deleteFrom('invitations').where('organisation_id', '=', clientId).where('used_at', 'is', null).execute();
    const inv = await createInvitation(ctx.db, { organisationId: clientId, role: 'beheerder', createdBy: user.id, now });
    await audit(ctx.db, { organisationId: clientId, userId: user.id, action: 'invitation.create', subjectType: 'invitation', subjectId: inv.id, at: now });
    return reply.code(201).send({ id: inv.id, role: 'beheerder', expiresAt: inv.expiresAt, link: invitationLink(publicOrigin(ctx, req), inv.token) });
  });

  /** The client ends a bureau's access to its sessions (the sessions and their data stay the client's). */
  app.post('/api/organisation/bureaus/:bureauId/end', async (req) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const { bureauId } = parseWith(z.object({ bureauId: z.string().min(1).max(64) }), req.params);
    if (!(await isClientOf(ctx.db, bureauId, user.organisationId)) || !(await endClientRelation(ctx.db, bureauId, user.organisationId))) throw new ApiError(404, 'unknown-bureau');
    announceAccessChange(ctx);
    await audit(ctx.db, { organisationId: user.organisationId, userId: user.id, action: 'bureau.end', subjectType: 'organisation', subjectId: bureauId, at: ctx.runtime.now() });
    return { ok: true };
  });

  /** Ids and actions only, as stored; names of the organisation's own members are added for reading. */
  app.get('/api/organisation/audit', async (req) => {
    const user = await requirePermission(ctx, req, 'organisation.manage');
    const names = new Map((await listMembers(ctx.db, user.organisationId)).map((m) => [m.userId, m.name]));
    const entries = await auditTrail(ctx.db, user.organisationId, 200);
    return { entries: entries.map((e) => ({ action: e.action, subjectType: e.subjectType, subjectId: e.subjectId, at: e.at, userId: e.userId, userName: e.userId ? (names.get(e.userId) ?? null) : null })) };
  });
}
