import { describe, expect, it } from 'vitest';
import { parseCase } from '../case/parse.js';
import { debrief } from '../scoring/debrief.js';
import { replay } from '../session/evolve.js';
import { view } from '../session/view.js';
import { MINI_CASE } from '../test-support/mini-case.js';
import { player, TestSession } from '../test-support/session.js';
import { eraseParticipant, personalData } from './erase.js';

function played(): TestSession {
  const s = new TestSession();
  s.ok({ type: 'create', case: parseCase(MINI_CASE).case!, variables: {}, seed: 3 });
  s.ok({ type: 'join', participantId: 'anna', name: 'Anna de Vries', side: 'bestuurder' }, player('anna'));
  s.ok({ type: 'join', participantId: 'bram', name: 'Bram', side: 'ambtenaar' }, player('bram'));
  s.ok({ type: 'rename', participantId: 'anna', name: 'Anna' });
  s.ok({ type: 'start' });
  s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('bram'));
  s.ok({ type: 'advance' });
  s.ok({ type: 'write-feedback', participantId: 'anna', text: 'Anna, sterk gedaan. Annabel niet.' });
  s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('anna'));
  s.ok({ type: 'advance' });
  s.ok({ type: 'answer', stepId: 'reflectie', answer: { kind: 'text', text: 'Ik vond De Vries overtuigend, en Anna ook.' } }, player('bram'));
  s.ok({ type: 'advance' });
  return s;
}

describe('erasure', () => {
  it('removes every name of the person from the log, and the log still replays to the same debrief', () => {
    const s = played();
    const erased = eraseParticipant(s.log, 'anna', 'Deelnemer 1');
    const json = JSON.stringify(erased);
    expect(json).not.toMatch(/Anna(?!bel)|Vries/);
    expect(json).toContain('Annabel');
    const after = replay(erased);
    expect(after.participants.anna!.name).toBe('Deelnemer 1');
    expect(debrief(after)).toEqual(debrief(s.state));
    expect(JSON.stringify(view(after, { kind: 'trainer' }))).not.toContain('Anna ');
  });

  it('exports what the log holds about one person', () => {
    const d = personalData(played().log, 'anna');
    expect(d.names).toEqual(['Anna de Vries', 'Anna']);
    expect(d.events.map((e) => e.type)).toContain('feedback-written');
  });
});
