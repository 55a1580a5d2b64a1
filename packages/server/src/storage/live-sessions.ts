/** Rows that describe a live session outside its event log: owner, join code, tokens, seats. */
import type { Statement } from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database, LiveSessionsTable } from './schema.js';
import { rawPostgres } from './postgres.js';
import { rawSqlite } from './sqlite.js';

export type LiveSessionRow = LiveSessionsTable;

export async function insertLiveSession(db: Kysely<Database>, row: LiveSessionRow): Promise<void> {
  await db.insertInto('live_sessions').values(row).execute();
}

/**
 * Read on every command and stream: on SQLite a prepared statement on the main connection (a few
 * microseconds instead of a Kysely round through the connection queue), on PostgreSQL a named
 * prepared statement (planned once per connection). Not cached: the token hashes change when a
 * new link is made, possibly on another instance.
 */
export async function findLiveSession(db: Kysely<Database>, id: string): Promise<LiveSessionRow | undefined> {
  const raw = prepared(db, 'SELECT * FROM live_sessions WHERE id = ?');
  if (raw) return raw.get(id) as LiveSessionRow | undefined;
  const pool = rawPostgres(db);
  if (pool) return (await pool.query<LiveSessionRow>({ name: 'samenspel-find-live-session', text: 'SELECT * FROM live_sessions WHERE id = $1', values: [id] })).rows[0];
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

/**
 * Stores a new seat and remembers it (as findSeat does, below), so that its participant's first
 * command needs no read: in the first answer burst of bench:live, 600 first answers each read
 * their seat, on PostgreSQL a round trip apiece through the pool the group commits use.
 */
export async function insertSeat(db: Kysely<Database>, seat: { token_hash: string; session_id: string; participant_id: string; email: string | null; created_at: number }): Promise<void> {
  await db.insertInto('seats').values(seat).execute();
  remember(db, seat.token_hash, { session_id: seat.session_id, participant_id: seat.participant_id });
}

export interface SeatRow {
  session_id: string;
  participant_id: string;
}

/**
 * Which participant a seat token belongs to, read on every participant's command. A seat never
 * changes (erasure blanks only its e-mail), so a found seat is remembered per database. A seat is
 * deleted right after its own join was refused (deleteSeat drops it here too), or with its whole
 * session (privacy/delete-session.ts, perhaps on another instance): a remembered seat of a deleted
 * session opens nothing, because callerFor finds no session first. Joining asks for a `fresh`
 * read, since there a seat of a deleted session must not count as taken.
 */
const seatCache = new WeakMap<Kysely<Database>, Map<string, SeatRow>>();
const SEAT_CACHE_SIZE = 50_000;

function seatsOf(db: Kysely<Database>): Map<string, SeatRow> {
  let cache = seatCache.get(db);
  if (!cache) seatCache.set(db, (cache = new Map()));
  return cache;
}

function remember(db: Kysely<Database>, tokenHash: string, seat: SeatRow): void {
  const cache = seatsOf(db);
  // Oldest first out: a plain Map keeps insertion order.
  if (cache.size >= SEAT_CACHE_SIZE && !cache.has(tokenHash)) cache.delete(cache.keys().next().value!);
  cache.set(tokenHash, seat);
}

export async function findSeat(db: Kysely<Database>, tokenHash: string, opts: { fresh?: boolean } = {}): Promise<SeatRow | undefined> {
  const hit = opts.fresh ? undefined : seatsOf(db).get(tokenHash);
  if (hit) return hit;
  const raw = prepared(db, 'SELECT session_id, participant_id FROM seats WHERE token_hash = ?');
  const row = raw ? (raw.get(tokenHash) as SeatRow | undefined) : await db.selectFrom('seats').select(['session_id', 'participant_id']).where('token_hash', '=', tokenHash).executeTakeFirst();
  if (row) remember(db, tokenHash, { session_id: row.session_id, participant_id: row.participant_id });
  else seatsOf(db).delete(tokenHash);
  return row;
}

export async function deleteSeat(db: Kysely<Database>, tokenHash: string): Promise<void> {
  seatCache.get(db)?.delete(tokenHash);
  await db.deleteFrom('seats').where('token_hash', '=', tokenHash).execute();
}

const statements = new WeakMap<Kysely<Database>, Map<string, Statement>>();

/** A prepared statement on the SQLite main connection, made once; null on PostgreSQL. */
function prepared(db: Kysely<Database>, sql: string): Statement | null {
  let byDb = statements.get(db);
  if (!byDb) {
    const raw = rawSqlite(db);
    if (!raw) return null;
    statements.set(db, (byDb = new Map()));
  }
  let st = byDb.get(sql);
  if (!st) byDb.set(sql, (st = rawSqlite(db)!.prepare(sql)));
  return st;
}
