/**
 * The session log: events appended with consecutive sequence numbers. The primary key
 * (session_id, seq) is the optimistic-concurrency guard when several instances share one database.
 */
import type { Kysely, Transaction } from 'kysely';
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
