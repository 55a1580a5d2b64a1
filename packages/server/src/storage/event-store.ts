/**
 * The session log: events appended with consecutive sequence numbers. The primary key
 * (session_id, seq) is the optimistic-concurrency guard when several instances share one database.
 */
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { SessionEvent } from '@samenspel/engine';
import type { Database } from './schema.js';

export interface StoredEvent {
  seq: number;
  event: SessionEvent;
}

export async function loadEvents(db: Kysely<Database>, sessionId: string): Promise<SessionEvent[]> {
  const rows = await db.selectFrom('session_events').select(['payload']).where('session_id', '=', sessionId).orderBy('seq').execute();
  return rows.map((r) => JSON.parse(r.payload) as SessionEvent);
}

/** Appends events after `afterSeq`; fails (unique key) if another writer got there first. */
export async function appendEvents(tx: Transaction<Database> | Kysely<Database>, sessionId: string, afterSeq: number, events: SessionEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx
    .insertInto('session_events')
    .values(events.map((e, i) => ({ session_id: sessionId, seq: afterSeq + i + 1, type: e.type, payload: JSON.stringify(e), at: e.at })))
    .execute();
}

/** Events after a sequence number, for an instance that holds the state up to there. */
export async function loadEventsAfter(db: Kysely<Database>, sessionId: string, afterSeq: number): Promise<SessionEvent[]> {
  const rows = await db.selectFrom('session_events').select(['payload']).where('session_id', '=', sessionId).where('seq', '>', afterSeq).orderBy('seq').execute();
  return rows.map((r) => JSON.parse(r.payload) as SessionEvent);
}

/** What one command stores: its events, the session status, its remembered response. All or nothing. */
export interface CommitItem {
  sessionId: string;
  /** Rows for session_events, numbered on from the state the command was decided on. */
  events: { seq: number; type: string; payload: string; at: number }[];
  status?: string;
  /** The remembered response; `ifAbsent` keeps one already there (refusals), otherwise a repeated key fails the item. */
  remember?: { actor: string; key: string; statusCode: number; response: string; createdAt: number; ifAbsent: boolean };
}

export function eventRows(afterSeq: number, events: readonly SessionEvent[]): CommitItem['events'] {
  return events.map((e, i) => ({ seq: afterSeq + i + 1, type: e.type, payload: JSON.stringify(e), at: e.at }));
}

/**
 * Stores several commands' items in the caller's transaction with one insert per table, so a
 * group commit on PostgreSQL costs a few round trips however many sessions it holds.
 */
export async function storeItems(tx: Transaction<Database> | Kysely<Database>, items: readonly CommitItem[]): Promise<void> {
  const events = items.flatMap((it) => it.events.map((e) => ({ session_id: it.sessionId, seq: e.seq, type: e.type, payload: e.payload, at: e.at })));
  if (events.length > 0) await tx.insertInto('session_events').values(events).execute();
  for (const it of items) if (it.status !== undefined) await tx.updateTable('live_sessions').set({ status: it.status }).where('id', '=', it.sessionId).execute();
  const keys = (ifAbsent: boolean) =>
    items.flatMap((it) => (it.remember && it.remember.ifAbsent === ifAbsent ? [{ session_id: it.sessionId, actor: it.remember.actor, key: it.remember.key, status_code: it.remember.statusCode, response: it.remember.response, created_at: it.remember.createdAt }] : []));
  const strict = keys(false);
  if (strict.length > 0) await tx.insertInto('idempotency_keys').values(strict).execute();
  const lenient = keys(true);
  if (lenient.length > 0) await tx.insertInto('idempotency_keys').values(lenient).onConflict((oc) => oc.doNothing()).execute();
}

/**
 * PostgreSQL: the same as storeItems in one statement (data-modifying WITH clauses), which on
 * its own is one transaction: a group commit is one round trip instead of BEGIN, an insert per
 * table and COMMIT, each waiting for the other process.
 */
export async function storeItemsAtOnce(db: Kysely<Database>, items: readonly CommitItem[], notice?: { channel: string; payload: string } | null): Promise<void> {
  const parts: RawBuilder<unknown>[] = [];
  const events = items.flatMap((it) => it.events.map((e) => sql`(${it.sessionId}, ${e.seq}, ${e.type}, ${e.payload}, ${e.at})`));
  if (events.length > 0) parts.push(sql`e AS (INSERT INTO session_events (session_id, seq, type, payload, at) VALUES ${sql.join(events)})`);
  const statuses = items.flatMap((it) => (it.status !== undefined ? [sql`(${it.sessionId}, ${it.status})`] : []));
  if (statuses.length > 0) parts.push(sql`s AS (UPDATE live_sessions SET status = v.status FROM (VALUES ${sql.join(statuses)}) AS v (id, status) WHERE live_sessions.id = v.id)`);
  for (const ifAbsent of [false, true]) {
    const keys = items.flatMap((it) => (it.remember && it.remember.ifAbsent === ifAbsent ? [sql`(${it.sessionId}, ${it.remember.actor}, ${it.remember.key}, ${it.remember.statusCode}, ${it.remember.response}, ${it.remember.createdAt})`] : []));
    if (keys.length > 0) parts.push(sql`${sql.raw(ifAbsent ? 'l' : 'k')} AS (INSERT INTO idempotency_keys (session_id, actor, key, status_code, response, created_at) VALUES ${sql.join(keys)}${sql.raw(ifAbsent ? ' ON CONFLICT DO NOTHING' : '')})`);
  }
  if (parts.length === 0) return;
  // A NOTIFY in the statement is sent when it commits, and not at all if it fails.
  await (notice ? sql`WITH ${sql.join(parts)} SELECT pg_notify(${notice.channel}, ${notice.payload})` : sql`WITH ${sql.join(parts)} SELECT 1`).execute(db);
}
