/**
 * AVG/GDPR on the session log. Erasure rewrites the log so that a person's name is gone from
 * every event (also where it was typed into free text) while the log still replays: the
 * participant keeps their id and plays on under a pseudonym, so the debrief still renders.
 */
import type { ParticipantId, SessionEvent } from '../session/types.js';

const PARTICLES = new Set(['van', 'der', 'den', 'ter', 'ten', 'het', 'op', 'aan', 'uit', 'bij', "'t", 'in']);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every name this participant went by in the log. */
export function namesOf(events: readonly SessionEvent[], pid: ParticipantId): string[] {
  const names = new Set<string>();
  for (const e of events) if ((e.type === 'participant-joined' || e.type === 'participant-renamed') && e.participantId === pid) names.add(e.name);
  return [...names];
}

export function eraseParticipant(events: readonly SessionEvent[], pid: ParticipantId, pseudonym: string): SessionEvent[] {
  // The full names and each part of them (people write "Wilhelmina" or "Zwartbroek" in feedback),
  // except short parts and Dutch name particles, which are ordinary words too.
  const full = namesOf(events, pid).filter((n) => n.trim().length > 0);
  const parts = full.flatMap((n) => n.split(/\s+/)).filter((w) => w.length >= 3 && !PARTICLES.has(w.toLocaleLowerCase('nl')));
  const names = [...new Set([...full, ...parts])];
  // Longest first, so "Anna de Vries" goes before "Anna"; whole words only.
  const pattern = names.length ? new RegExp(`(?<![\\p{L}\\p{N}])(${names.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu') : null;
  const scrub = (text: string) => (pattern ? text.replace(pattern, pseudonym) : text);
  return events.map((e): SessionEvent => {
    switch (e.type) {
      case 'participant-joined':
        return e.participantId === pid ? { ...e, name: pseudonym } : e;
      case 'participant-renamed':
        return e.participantId === pid ? { ...e, name: pseudonym } : e;
      case 'answer-given':
        return e.answer.kind === 'text' ? { ...e, answer: { ...e.answer, text: scrub(e.answer.text) } } : e;
      case 'feedback-written':
        return { ...e, text: scrub(e.text) };
      default:
        return e;
    }
  });
}

/** Everything the log holds about one person, for a data-subject access request. */
export function personalData(events: readonly SessionEvent[], pid: ParticipantId): { names: string[]; events: SessionEvent[] } {
  return {
    names: namesOf(events, pid),
    events: events.filter((e) => 'participantId' in e && e.participantId === pid),
  };
}
