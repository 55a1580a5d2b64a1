/**
 * Retention per organisation: N days after a session's last event, its participants' personal
 * data is erased to pseudonyms ("Deelnemer 3"), automatically. The session itself stays, so the
 * organisation keeps its debriefs and anonymous figures.
 */
import type { Kysely } from 'kysely';
import type { SessionEvent } from '@samenspel/engine';
import type { Database } from '../storage/schema.js';
import { eraseParticipantFromSession, pseudonymFor } from './erase.js';

const DAY = 86_400_000;

export async function applyRetention(db: Kysely<Database>, now: number): Promise<{ sessions: number; participants: number }> {
  const orgs = await db.selectFrom('organisations').select(['id', 'retention_days']).execute();
  let sessions = 0;
  let participants = 0;
  for (const org of orgs) {
    const cutoff = now - Number(org.retention_days) * DAY;
    const candidates = await db
      .selectFrom('live_sessions')
      .leftJoin('session_events', 'session_events.session_id', 'live_sessions.id')
      .select(['live_sessions.id as id'])
      .select((eb) => eb.fn.max('session_events.at').as('last'))
      .where('live_sessions.organisation_id', '=', org.id)
      .where('live_sessions.erased_at', 'is', null)
      .groupBy('live_sessions.id')
      .execute();
    for (const c of candidates) {
      if (c.last === null || Number(c.last) >= cutoff) continue;
      const joined = await db.selectFrom('session_events').select(['payload']).where('session_id', '=', c.id).where('type', '=', 'participant-joined').orderBy('seq').execute();
      const ids = joined.map((r) => (JSON.parse(r.payload) as Extract<SessionEvent, { type: 'participant-joined' }>).participantId);
      for (const [i, pid] of ids.entries()) await eraseParticipantFromSession(db, c.id, pid, pseudonymFor(i));
      await db.updateTable('live_sessions').set({ erased_at: now }).where('id', '=', c.id).execute();
      sessions++;
      participants += ids.length;
    }
  }
  return { sessions, participants };
}
