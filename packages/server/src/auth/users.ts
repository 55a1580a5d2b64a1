/** People with an account, their organisations (memberships with a role) and their login sessions. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { hashPassword } from './passwords.js';
import { permissionsOf, type Permission } from './roles.js';
import { hashToken, newId, newToken } from './tokens.js';

export const AUTH_SESSION_DAYS = 14;

export interface Membership {
  organisationId: string;
  organisationName: string;
  role: string;
}

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  /** The organisation this login works in, and the person's role there. */
  organisationId: string;
  organisationName: string;
  role: string;
  /** What that role may do there (auth/roles.ts). */
  permissions: Permission[];
  /** Every organisation the person belongs to (a trainer may work for a bureau and a municipality). */
  memberships: Membership[];
}

export async function membershipsOf(db: Kysely<Database>, userId: string): Promise<Membership[]> {
  return db
    .selectFrom('memberships as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.id as organisationId', 'o.name as organisationName', 'm.role'])
    .where('m.user_id', '=', userId)
    .orderBy('o.name')
    .execute();
}

export async function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

/** `only`: the login is valid in `organisationId` alone (single sign-on through that organisation). */
export async function createAuthSession(db: Kysely<Database>, userId: string, now: number, organisationId: string | null = null, only = false): Promise<string> {
  const token = newToken();
  await db
    .insertInto('auth_sessions')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: now, expires_at: now + AUTH_SESSION_DAYS * 86_400_000, organisation_id: organisationId, only_organisation_id: only ? organisationId : null })
    .execute();
  return token;
}

/** Work in another of one's organisations; false when the person is not a member of it. */
export async function switchOrganisation(db: Kysely<Database>, token: string, userId: string, organisationId: string): Promise<boolean> {
  const m = await db.selectFrom('memberships').select('role').where('user_id', '=', userId).where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!m) return false;
  await db.updateTable('auth_sessions').set({ organisation_id: organisationId }).where('token_hash', '=', hashToken(token)).execute();
  return true;
}

export async function deleteAuthSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('token_hash', '=', hashToken(token)).execute();
}

/** Null for an unknown or expired login, and for a person who no longer belongs to any organisation. */
export async function userForAuthToken(db: Kysely<Database>, token: string, now: number): Promise<CurrentUser | null> {
  const row = await db
    .selectFrom('auth_sessions as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['u.id', 'u.email', 'u.name', 'a.expires_at', 'a.organisation_id', 'a.only_organisation_id'])
    .where('a.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || Number(row.expires_at) < now) return null;
  const all = await membershipsOf(db, row.id);
  const memberships = row.only_organisation_id ? all.filter((m) => m.organisationId === row.only_organisation_id) : all;
  // Removed from the organisation the login was working in: fall back to another one.
  const active = memberships.find((m) => m.organisationId === row.organisation_id) ?? memberships[0];
  if (!active) return null;
  return { id: row.id, email: row.email, name: row.name, organisationId: active.organisationId, organisationName: active.organisationName, role: active.role, permissions: permissionsOf(active.role), memberships };
}

export const DEMO_EMAIL = 'trainer@demo.samenspel.nl';

/**
 * First start: a demo organisation and trainer with a fresh random password, returned once so
 * the CLI can print it. Later starts return null and print nothing.
 */
export async function ensureDemoTrainer(db: Kysely<Database>, now: number): Promise<{ email: string; password: string } | null> {
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const password = randomBytes(12).toString('base64url');
  const orgId = newId();
  const userId = newId();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('organisations').values({ id: orgId, name: 'Demo-organisatie', created_at: now }).execute();
    await tx.insertInto('users').values({ id: userId, email: DEMO_EMAIL, name: 'Demo-trainer', password_hash: passwordHash, created_at: now }).execute();
    // The demo trainer may do everything, organisation management included.
    await tx.insertInto('memberships').values({ user_id: userId, organisation_id: orgId, role: 'beheerder' }).execute();
  });
  return { email: DEMO_EMAIL, password };
}
