/** Members of an organisation and their roles; an organisation always keeps one beheerder. */
import { sql, type Kysely } from 'kysely';
import type { OrganisationRole } from '../auth/roles.js';
import type { Database } from '../storage/schema.js';

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: string;
}

export class MembershipError extends Error {
  constructor(readonly code: 'unknown-member' | 'last-beheerder') {
    super(code);
  }
}

export async function listMembers(db: Kysely<Database>, organisationId: string): Promise<Member[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id as userId', 'u.name', 'u.email', 'm.role'])
    .where('m.organisation_id', '=', organisationId)
    .orderBy('u.name')
    .execute();
}

/**
 * Takes the organisation's row lock first, so two beheerders demoting or removing each other at
 * the same moment are decided one after the other (PostgreSQL runs READ COMMITTED: without the
 * lock both would still see the other as beheerder, and the organisation would keep none).
 */
async function assertKeepsBeheerder(tx: Kysely<Database>, organisationId: string, userId: string): Promise<void> {
  await tx.updateTable('organisations').set({ name: sql<string>`name` }).where('id', '=', organisationId).execute();
  const current = await tx.selectFrom('memberships').select('role').where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
  if (!current) throw new MembershipError('unknown-member');
  if (current.role !== 'beheerder') return;
  const others = await tx.selectFrom('memberships').select('user_id').where('organisation_id', '=', organisationId).where('role', '=', 'beheerder').where('user_id', '!=', userId).limit(1).executeTakeFirst();
  if (!others) throw new MembershipError('last-beheerder');
}

export async function setMemberRole(db: Kysely<Database>, organisationId: string, userId: string, role: OrganisationRole): Promise<void> {
  await db.transaction().execute(async (tx) => {
    if (role !== 'beheerder') await assertKeepsBeheerder(tx, organisationId, userId);
    const r = await tx.updateTable('memberships').set({ role }).where('organisation_id', '=', organisationId).where('user_id', '=', userId).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) throw new MembershipError('unknown-member');
  });
}

/**
 * Ends a membership. A person left without any organisation also loses their account (name,
 * e-mail, password, logins): nobody could use it any more, so keeping it would only keep data.
 */
export async function removeMember(db: Kysely<Database>, organisationId: string, userId: string): Promise<{ accountDeleted: boolean }> {
  return db.transaction().execute(async (tx) => {
    await assertKeepsBeheerder(tx, organisationId, userId);
    await tx.deleteFrom('memberships').where('organisation_id', '=', organisationId).where('user_id', '=', userId).execute();
    const elsewhere = await tx.selectFrom('memberships').select('organisation_id').where('user_id', '=', userId).limit(1).executeTakeFirst();
    if (elsewhere) return { accountDeleted: false };
    await tx.deleteFrom('auth_sessions').where('user_id', '=', userId).execute();
    await tx.deleteFrom('users').where('id', '=', userId).execute();
    return { accountDeleted: true };
  });
}
