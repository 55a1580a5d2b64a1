/**
 * Invitations by link. The link carries a random token (in the URL fragment, so it reaches no
 * server log); only its hash is stored, with the organisation and the role it grants. It holds
 * no e-mail address: the beheerder sends the link through their own channel. One use, 7 days.
 */
import type { Kysely } from 'kysely';
import type { OrganisationRole } from '../auth/roles.js';
import { hashPassword } from '../auth/passwords.js';
import { hashToken, newId, newToken } from '../auth/tokens.js';
import type { Database } from '../storage/schema.js';

export const INVITATION_DAYS = 7;

export class InvitationError extends Error {
  constructor(readonly code: 'unknown-invitation' | 'already-member' | 'account-exists') {
    super(code);
  }
}

export interface PendingInvitation {
  id: string;
  role: string;
  createdAt: number;
  expiresAt: number;
}

export async function createInvitation(db: Kysely<Database>, i: { organisationId: string; role: OrganisationRole; createdBy: string; now: number }): Promise<{ id: string; token: string; expiresAt: number }> {
  const token = newToken();
  const id = newId();
  const expiresAt = i.now + INVITATION_DAYS * 86_400_000;
  await db.insertInto('invitations').values({ id, token_hash: hashToken(token), organisation_id: i.organisationId, role: i.role, created_by: i.createdBy, created_at: i.now, expires_at: expiresAt, used_at: null }).execute();
  return { id, token, expiresAt };
}

export async function pendingInvitations(db: Kysely<Database>, organisationId: string, now: number): Promise<PendingInvitation[]> {
  const rows = await db.selectFrom('invitations').select(['id', 'role', 'created_at', 'expires_at']).where('organisation_id', '=', organisationId).where('used_at', 'is', null).where('expires_at', '>', now).orderBy('created_at', 'desc').execute();
  return rows.map((r) => ({ id: r.id, role: r.role, createdAt: Number(r.created_at), expiresAt: Number(r.expires_at) }));
}

/** False when there was no such pending invitation in this organisation. */
export async function revokeInvitation(db: Kysely<Database>, organisationId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('invitations').where('organisation_id', '=', organisationId).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function findInvitation(db: Kysely<Database>, token: string, now: number) {
  const row = await db
    .selectFrom('invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .select(['i.id', 'i.organisation_id as organisationId', 'o.name as organisationName', 'i.role', 'i.expires_at as expiresAt', 'i.used_at as usedAt'])
    .where('i.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.usedAt !== null || Number(row.expiresAt) <= now) return null;
  return { id: row.id, organisationId: row.organisationId, organisationName: row.organisationName, role: row.role, expiresAt: Number(row.expiresAt) };
}

/**
 * Uses the invitation for an existing account, or for a new one made from `account`. Marking it
 * used and adding the membership happen in one transaction, and the update only succeeds while
 * it is unused, so two people racing with one link cannot both get in.
 */
export async function acceptInvitation(
  db: Kysely<Database>,
  token: string,
  who: { userId: string } | { name: string; email: string; password: string },
  now: number,
): Promise<{ userId: string; organisationId: string }> {
  const inv = await findInvitation(db, token, now);
  if (!inv) throw new InvitationError('unknown-invitation');
  const passwordHash = 'password' in who ? await hashPassword(who.password) : null;
  return db.transaction().execute(async (tx) => {
    let userId: string;
    if ('userId' in who) {
      userId = who.userId;
      const member = await tx.selectFrom('memberships').select('role').where('user_id', '=', userId).where('organisation_id', '=', inv.organisationId).executeTakeFirst();
      if (member) throw new InvitationError('already-member');
    } else {
      const email = who.email.trim().toLowerCase();
      const existing = await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
      if (existing) throw new InvitationError('account-exists');
      userId = newId();
      await tx.insertInto('users').values({ id: userId, email, name: who.name.trim(), password_hash: passwordHash!, created_at: now }).execute();
    }
    const used = await tx.updateTable('invitations').set({ used_at: now }).where('id', '=', inv.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw new InvitationError('unknown-invitation');
    await tx.insertInto('memberships').values({ user_id: userId, organisation_id: inv.organisationId, role: inv.role }).execute();
    return { userId, organisationId: inv.organisationId };
  });
}
