/**
 * Bureaus and their client organisations. A training bureau runs sessions for a municipality or
 * ministry: the session belongs to the client (the controller of its participants' data, whose
 * retention and audit log apply); the bureau's trainers run it. One level only: a client has no
 * clients of its own, so "who may run this session" never needs a walk up a tree.
 */
import type { Kysely } from 'kysely';
import { newId } from '../auth/tokens.js';
import type { Database } from '../storage/schema.js';

export class ClientError extends Error {
  constructor(readonly code: 'unknown-client' | 'client-of-client') {
    super(code);
  }
}

/** With whether the client has its own beheerder yet (until then the bureau can re-issue the first invitation). */
export async function listClients(db: Kysely<Database>, bureauId: string): Promise<{ id: string; name: string; hasBeheerder: boolean }[]> {
  const rows = await db
    .selectFrom('organisation_clients as c')
    .innerJoin('organisations as o', 'o.id', 'c.client_id')
    .select(['o.id', 'o.name'])
    .select((eb) => eb.exists(eb.selectFrom('memberships as m').select('m.user_id').whereRef('m.organisation_id', '=', 'o.id').where('m.role', '=', 'beheerder')).as('has_beheerder'))
    .where('c.bureau_id', '=', bureauId)
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, hasBeheerder: Boolean(r.has_beheerder) }));
}

export async function listBureaus(db: Kysely<Database>, clientId: string): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('organisation_clients as c').innerJoin('organisations as o', 'o.id', 'c.bureau_id').select(['o.id', 'o.name']).where('c.client_id', '=', clientId).orderBy('o.name').execute();
}

export async function isClientOf(db: Kysely<Database>, bureauId: string, clientId: string): Promise<boolean> {
  return !!(await db.selectFrom('organisation_clients').select('client_id').where('bureau_id', '=', bureauId).where('client_id', '=', clientId).executeTakeFirst());
}

/** The client ends the bureau's access: its trainers reach none of the client's sessions any more. */
export async function endClientRelation(db: Kysely<Database>, bureauId: string, clientId: string): Promise<boolean> {
  const r = await db.deleteFrom('organisation_clients').where('bureau_id', '=', bureauId).where('client_id', '=', clientId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** A new organisation served by this bureau; its own members come in by invitation. */
export async function createClient(db: Kysely<Database>, bureauId: string, name: string, now: number): Promise<{ id: string; name: string }> {
  if ((await listBureaus(db, bureauId)).length > 0) throw new ClientError('client-of-client');
  const id = newId();
  await db.transaction().execute(async (tx) => {
    await tx.insertInto('organisations').values({ id, name: name.trim(), created_at: now }).execute();
    await tx.insertInto('organisation_clients').values({ bureau_id: bureauId, client_id: id, created_at: now }).execute();
  });
  return { id, name: name.trim() };
}
