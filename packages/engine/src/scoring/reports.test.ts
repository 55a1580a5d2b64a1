import { describe, expect, it } from 'vitest';
import { parseCase } from '../case/parse.js';
import { MINI_CASE } from '../test-support/mini-case.js';
import { player, TestSession } from '../test-support/session.js';
import { personalReport, sessionReport } from './reports.js';
import { sessionTables, toCsv } from './tables.js';

function played(): TestSession {
  const s = new TestSession();
  s.ok({ type: 'create', case: parseCase(MINI_CASE).case!, variables: {}, seed: 3 });
  s.ok({ type: 'join', participantId: 'anna', name: 'Anna de Vries', side: 'bestuurder' }, player('anna'));
  s.ok({ type: 'join', participantId: 'bram', name: 'Bram', side: 'ambtenaar' }, player('bram'));
  s.ok({ type: 'start' });
  s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('bram'));
  s.ok({ type: 'advance' });
  s.ok({ type: 'write-feedback', participantId: 'anna', text: 'Sterk hoe je de raad centraal zette.' });
  s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('anna'));
  s.ok({ type: 'advance' });
  s.ok({ type: 'answer', stepId: 'reflectie', answer: { kind: 'text', text: '=SOM(A1) is geen formule', named: true } }, player('bram'));
  s.ok({ type: 'advance' });
  return s;
}

describe('reports', () => {
  it('gives a participant their roles, choices, accuracy and the feedback written to them', () => {
    const s = played();
    const r = personalReport(s.state, 'anna');
    expect(r.name).toBe('Anna de Vries');
    expect(r.roles).toEqual([{ round: 0, roleId: 'wethouder', roleName: 'Wethouder' }]);
    expect(r.choices).toEqual([{ scene: 'Begin', prompt: 'Wat doe je?', answer: 'Open kaart', outcome: 'Open kaart' }]);
    expect(r.feedback.map((f) => f.text)).toEqual(['Sterk hoe je de raad centraal zette.']);
    expect(r.profile.rechtmatig).toBe(2);
    expect(r.ending).toBe('Goed');
    expect(personalReport(s.state, 'bram').accuracy.all).toEqual({ correct: 1, total: 1, rate: 1 });
  });

  it('summarises the session with the tally per option and named reflections', () => {
    const r = sessionReport(played().state);
    expect(r.timeline).toEqual([{ scene: 'Begin', prompt: 'Wat doe je?', outcome: 'Open kaart', tally: [{ label: 'Open kaart', count: 1 }, { label: 'Niets zeggen', count: 0 }] }]);
    expect(r.reflections[0]!.texts).toEqual([{ text: '=SOM(A1) is geen formule', name: 'Bram' }]);
  });
});

describe('tables', () => {
  it('exports analysis-ready tables, pseudonymised on request, with formulas defused', () => {
    const s = played();
    const tables = sessionTables(s.state, s.log, { pseudonymise: true });
    expect(tables.map((t) => t.name)).toEqual(['participants', 'roles_per_round', 'choices', 'predictions', 'reflections', 'events']);
    const all = JSON.stringify(tables);
    expect(all).not.toContain('Anna');
    expect(all).not.toContain('anna');
    const csv = toCsv(tables.find((t) => t.name === 'reflections')!);
    expect(csv).toContain("'=SOM(A1) is geen formule");
    expect(tables.find((t) => t.name === 'predictions')!.rows).toEqual([['voorspel', 'keuze', 0, 'P02', 'open', 'open', true]]);
  });
});
