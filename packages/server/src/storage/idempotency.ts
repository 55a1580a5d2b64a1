/** Remembered answers to commands, so a retried POST returns the first result and changes nothing. */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

export interface RememberedResponse {
  statusCode: number;
  body: unknown;
}

export async function findResponse(db: Kysely<Database>, sessionId: string, actor: string, key: string): Promise<RememberedResponse | null> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['status_code', 'response'])
    .where('session_id', '=', sessionId)
    .where('actor', '=', actor)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? { statusCode: row.status_code, body: JSON.parse(row.response) } : null;
}

export async function rememberResponse(tx: Transaction<Database> | Kysely<Database>, sessionId: string, actor: string, key: string, res: RememberedResponse, now: number): Promise<void> {
  await tx
    .insertInto('idempotency_keys')
    .values({ session_id: sessionId, actor, key, status_code: res.statusCode, response: JSON.stringify(res.body), created_at: now })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
