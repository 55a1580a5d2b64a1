/**
 * The pseudonymised research export of an organisation's ended sessions. Stricter than a
 * session's own `?pseudonymise=1` download, because it leaves the organisation:
 * - sessions become S01, S02… and participants P01… per session, so nobody can be followed from
 *   one session to the next and no id leads back to the database;
 * - no names, no e-mail, no free text (reflections may name people), no trainer feedback;
 * - times become seconds since the session's first event, and the date only its month.
 */
import { sessionTables, type Cell, type SessionEvent, type SessionState, type Table } from '@samenspel/engine';

export const RESEARCH_TABLES = ['participants', 'roles_per_round', 'choices', 'predictions', 'events'] as const;
const TIME_COLUMNS = new Set(['joined_at', 'answered_at', 'at']);

export interface ResearchSession {
  session: string;
  caseId: string;
  month: string;
  ending: string | null;
  tables: Table[];
}

export function researchSession(code: string, s: SessionState, events: readonly SessionEvent[]): ResearchSession {
  const start = events[0]?.at ?? 0;
  const tables = sessionTables(s, events, { pseudonymise: true })
    .filter((t) => (RESEARCH_TABLES as readonly string[]).includes(t.name))
    .map((t) => {
      // The pseudonymised name column repeats the participant code; it says nothing more.
      const keep = t.columns.map((c) => c !== 'name');
      const columns = t.columns.filter((_, i) => keep[i]);
      const rows = t.rows.map((r) =>
        r.filter((_, i) => keep[i]).map((cell, i): Cell => (TIME_COLUMNS.has(columns[i]!) && typeof cell === 'string' ? Math.round((Date.parse(cell) - start) / 1000) : cell)),
      );
      return { name: t.name, columns: columns.map((c) => (TIME_COLUMNS.has(c) ? `${c}_s` : c)), rows };
    });
  const ended = [...events].reverse().find((e): e is Extract<SessionEvent, { type: 'session-ended' }> => e.type === 'session-ended');
  return { session: code, caseId: s.caseFile?.id ?? '', month: new Date(start).toISOString().slice(0, 7), ending: ended?.endingId ?? null, tables };
}
