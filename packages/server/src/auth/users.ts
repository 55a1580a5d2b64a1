/** Trainers, their organisations and their login sessions. */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { hashPassword } from './passwords.js';
import { hashToken, newId, newToken } from './tokens.js';

export const AUTH_SESSION_DAYS = 14;

export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  organisationId: string;
  organisationName: string;
}

export async function findUserByEmail(db: Kysely<Database>, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export async function createAuthSession(db: Kysely<Database>, userId: string, now: number): Promise<string> {
  const token = newToken();
  await db.insertInto('auth_sessions').values({ token_hash: hashToken(token), user_id: userId, created_at: now, expires_at: now + AUTH_SESSION_DAYS * 86_400_000 }).execute();
  return token;
}

export async function deleteAuthSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('auth_sessions').where('token_hash', '=', hashToken(token)).execute();
}

export async function userForAuthToken(db: Kysely<Database>, token: string, now: number): Promise<CurrentUser | null> {
  const row = await db
    .selectFrom('auth_sessions as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['u.id', 'u.email', 'u.name', 'o.id as organisationId', 'o.name as organisationName', 'a.expires_at'])
    .where('a.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.expires_at < now) return null;
  return { id: row.id, email: row.email, name: row.name, organisationId: row.organisationId, organisationName: row.organisationName };
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
    await tx.insertInto('memberships').values({ user_id: userId, organisation_id: orgId, role: 'trainer' }).execute();
  });
  return { email: DEMO_EMAIL, password };
}
