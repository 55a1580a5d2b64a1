/**
 * Deleting a session altogether (a practice round, a session with the wrong case): its log, seats
 * and remembered responses go in one transaction. The audit log keeps that it happened (ids only).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';

export async function deleteSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('idempotency_keys').where('session_id', '=', sessionId).execute();
    await tx.deleteFrom('seats').where('session_id', '=', sessionId).execute();
    await tx.deleteFrom('session_events').where('session_id', '=', sessionId).execute();
    await tx.deleteFrom('live_sessions').where('id', '=', sessionId).execute();
  });
}
