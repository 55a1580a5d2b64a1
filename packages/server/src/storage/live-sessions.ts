/** Rows that describe a live session outside its event log: owner, join code, tokens, seats. */
import type { Kysely } from 'kysely';
import type { Database, LiveSessionsTable } from './schema.js';

export type LiveSessionRow = LiveSessionsTable;

export async function insertLiveSession(db: Kysely<Database>, row: LiveSessionRow): Promise<void> {
  await db.insertInto('live_sessions').values(row).execute();
}

export async function findLiveSession(db: Kysely<Database>, id: string): Promise<LiveSessionRow | undefined> {
  return db.selectFrom('live_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The join code of a session that has not ended; codes of ended sessions may be reused. */
export async function findByJoinCode(db: Kysely<Database>, code: string): Promise<LiveSessionRow | undefined> {
  return db.selectFrom('live_sessions').selectAll().where('join_code', '=', code).where('status', '!=', 'ended').orderBy('created_at', 'desc').executeTakeFirst();
}

export async function listLiveSessions(db: Kysely<Database>, organisationId: string): Promise<LiveSessionRow[]> {
  return db.selectFrom('live_sessions').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at', 'desc').limit(100).execute();
}

export async function unfinishedSessionIds(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('live_sessions').select('id').where('status', '!=', 'ended').execute();
  return rows.map((r) => r.id);
}

export async function insertSeat(db: Kysely<Database>, seat: { token_hash: string; session_id: string; participant_id: string; email: string | null; created_at: number }): Promise<void> {
  await db.insertInto('seats').values(seat).execute();
}

export async function findSeat(db: Kysely<Database>, tokenHash: string) {
  return db.selectFrom('seats').select(['session_id', 'participant_id']).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function deleteSeat(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('seats').where('token_hash', '=', tokenHash).execute();
}
