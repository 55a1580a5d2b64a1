/** The sessions an organisation sees in its list: its own, and those it runs for its clients. */
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';

export async function sessionsVisibleTo(db: Kysely<Database>, organisationId: string, limit = 200) {
  return db
    .selectFrom('live_sessions as s')
    .innerJoin('organisations as o', 'o.id', 's.organisation_id')
    .select(['s.id', 's.case_id', 's.join_code', 's.status', 's.created_at', 's.organisation_id', 's.run_by_organisation_id', 'o.name as organisation_name'])
    .where((eb) =>
      eb.or([
        eb('s.organisation_id', '=', organisationId),
        // Run for a client, as long as the client keeps this bureau on.
        eb.and([
          eb('s.run_by_organisation_id', '=', organisationId),
          eb.exists(eb.selectFrom('organisation_clients as c').select('c.client_id').where('c.bureau_id', '=', organisationId).whereRef('c.client_id', '=', 's.organisation_id')),
        ]),
      ]),
    )
    .orderBy('s.created_at', 'desc')
    .limit(limit)
    .execute();
}
