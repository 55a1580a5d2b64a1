/**
 * AVG/GDPR in storage: erase one participant from a session (their names out of every event,
 * their e-mail out of their seat, remembered responses of the session dropped) so that nothing
 * finds them any more, while the log still replays to the same debrief under a pseudonym.
 */
import type { Kysely } from 'kysely';
import { eraseParticipant, personalData, type SessionEvent } from '@samenspel/engine';
import type { Database } from '../storage/schema.js';

/** The name an erased participant keeps in the log: by the order in which people joined. */
export const pseudonymFor = (joinPosition: number) => `Deelnemer ${joinPosition + 1}`;

export async function eraseParticipantFromSession(db: Kysely<Database>, sessionId: string, participantId: string, pseudonym: string): Promise<{ changedEvents: number }> {
  return db.transaction().execute(async (tx) => {
    const rows = await tx.selectFrom('session_events').select(['seq', 'payload']).where('session_id', '=', sessionId).orderBy('seq').execute();
    const events = rows.map((r) => JSON.parse(r.payload) as SessionEvent);
    const erased = eraseParticipant(events, participantId, pseudonym);
    let changedEvents = 0;
    for (let i = 0; i < rows.length; i++) {
      const payload = JSON.stringify(erased[i]);
      if (payload === rows[i]!.payload) continue;
      changedEvents++;
      await tx.updateTable('session_events').set({ payload }).where('session_id', '=', sessionId).where('seq', '=', rows[i]!.seq).execute();
    }
    await tx.updateTable('seats').set({ email: null }).where('session_id', '=', sessionId).where('participant_id', '=', participantId).execute();
    // Remembered responses may quote a name (e.g. "name taken"); they only matter during play.
    await tx.deleteFrom('idempotency_keys').where('session_id', '=', sessionId).execute();
    return { changedEvents };
  });
}

/** Everything stored about one participant of one session, for a data-subject access request. */
export async function exportParticipant(db: Kysely<Database>, sessionId: string, participantId: string) {
  const rows = await db.selectFrom('session_events').select(['payload']).where('session_id', '=', sessionId).orderBy('seq').execute();
  const events = rows.map((r) => JSON.parse(r.payload) as SessionEvent);
  const seat = await db.selectFrom('seats').select(['email', 'created_at']).where('session_id', '=', sessionId).where('participant_id', '=', participantId).executeTakeFirst();
  return { sessionId, participantId, email: seat?.email ?? null, joinedAt: seat?.created_at ?? null, ...personalData(events, participantId) };
}
