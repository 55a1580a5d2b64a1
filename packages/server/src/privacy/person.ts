/**
 * Requests of one person (AVG/GDPR articles 15 and 17) across all sessions of an organisation,
 * found by the e-mail address they gave when joining (the only thing that ties one person's seats
 * together; a name alone would also find their namesakes), plus their account if they are a member.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';
import { exportParticipant } from './erase.js';

export interface PersonSeat {
  sessionId: string;
  participantId: string;
}

/** Seats in sessions owned by the organisation, given with this e-mail address (any case). */
export async function seatsOfPerson(db: Kysely<Database>, organisationId: string, email: string): Promise<PersonSeat[]> {
  const rows = await db
    .selectFrom('seats as t')
    .innerJoin('live_sessions as s', 's.id', 't.session_id')
    .select(['t.session_id', 't.participant_id'])
    .where('s.organisation_id', '=', organisationId)
    .where(sql<string>`lower(t.email)`, '=', email.trim().toLowerCase())
    .orderBy('t.created_at')
    .execute();
  return rows.map((r) => ({ sessionId: r.session_id, participantId: r.participant_id }));
}

/** The person's account, when they are a member of this organisation. */
export async function memberAccount(db: Kysely<Database>, organisationId: string, email: string) {
  return db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.name', 'u.email', 'u.created_at', 'm.role'])
    .where('m.organisation_id', '=', organisationId)
    .where('u.email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
}

/** Everything the organisation holds about the person, as one JSON document. */
export async function exportPerson(db: Kysely<Database>, organisationId: string, email: string) {
  const account = await memberAccount(db, organisationId, email);
  const seats = await seatsOfPerson(db, organisationId, email);
  const participations = [];
  for (const seat of seats) participations.push(await exportParticipant(db, seat.sessionId, seat.participantId));
  return {
    email: email.trim().toLowerCase(),
    account: account ? { name: account.name, email: account.email, role: account.role, createdAt: Number(account.created_at) } : null,
    participations,
  };
}
