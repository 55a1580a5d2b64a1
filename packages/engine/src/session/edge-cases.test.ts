/** Regressions from the engine review: each case here once leaked, miscounted or misbehaved. */
import { describe, expect, it } from 'vitest';
import { parseCase } from '../case/parse.js';
import { debrief } from '../scoring/debrief.js';
import { personalReport } from '../scoring/reports.js';
import { sessionTables } from '../scoring/tables.js';
import { MINI_CASE } from '../test-support/mini-case.js';
import { player, TestSession } from '../test-support/session.js';
import { view } from './view.js';

function session(text = MINI_CASE, people: [string, 'bestuurder' | 'ambtenaar' | 'raadslid' | 'gast'][] = [['anna', 'bestuurder'], ['bram', 'ambtenaar'], ['cees', 'ambtenaar']]) {
  const c = parseCase(text).case;
  if (!c) throw new Error(JSON.stringify(parseCase(text).diagnostics.map((d) => d.message.en)));
  const s = new TestSession();
  s.ok({ type: 'create', case: c, variables: {}, seed: 11 });
  for (const [id, side] of people) s.ok({ type: 'join', participantId: id, name: id.toUpperCase(), side }, player(id));
  return s;
}

describe('privacy', () => {
  it('lists unnamed answers in an order that follows neither joining nor answering', () => {
    const people: [string, 'ambtenaar'][] = Array.from({ length: 8 }, (_, i) => [`p${i}`, 'ambtenaar']);
    const s = session(MINI_CASE.replace('groupSize: { min: 2, max: 6 }', 'groupSize: { min: 2, max: 9 }').replace('seats: { min: 1, max: 4 }', 'seats: { min: 1, max: 8 }'), [['anna', 'bestuurder'], ...people]);
    s.ok({ type: 'start' });
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('anna'));
    s.ok({ type: 'advance' });
    for (const [id] of people) s.ok({ type: 'answer', stepId: 'reflectie', answer: { kind: 'text', text: `gedachte van ${id}` } }, player(id));
    s.ok({ type: 'reveal-step' });
    const texts = view(s.state, { kind: 'projector' }).step!.results!.answers.map((a) => (a.answer as { text: string }).text);
    expect(texts).toHaveLength(8);
    expect(texts).not.toEqual(people.map(([id]) => `gedachte van ${id}`));
    expect(view(s.state, { kind: 'participant', participantId: 'p0' }).step!.results!.answers.every((a) => a.participantId === undefined)).toBe(true);
  });

  it('does not give away an unrevealed outcome through the indicators', () => {
    const s = session();
    s.ok({ type: 'start' });
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'dicht' } }, player('anna'));
    const shown = (v: ReturnType<typeof view>) => Object.fromEntries(v.indicators.filter((i) => i.value !== 0).map((i) => [i.id, i.value]));
    expect(shown(view(s.state, { kind: 'projector' }))).toEqual({});
    expect(shown(view(s.state, { kind: 'participant', participantId: 'bram' }))).toEqual({});
    expect(shown(view(s.state, { kind: 'trainer' }))).toEqual({ presterend: 1, college: 1, collegas: -1 });
    s.ok({ type: 'reveal-step' });
    expect(shown(view(s.state, { kind: 'projector' }))).toEqual({ presterend: 1, college: 1, collegas: -1 });
  });

  it('keeps anonymous predictions anonymous in the debrief and the export', () => {
    const s = session(MINI_CASE.replace('        predicts: keuze', '        predicts: keuze\n        identity: anonymous'));
    s.ok({ type: 'start' });
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('bram'));
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'dicht' } }, player('cees'));
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('anna'));
    const d = debrief(s.state);
    expect(d.accuracy.group).toMatchObject({ correct: 1, total: 2 });
    expect(d.predictions.every((p) => p.participantId === '')).toBe(true);
    expect(d.accuracy.perParticipant.bram!.all.total).toBe(0);
    const tables = sessionTables(s.state, s.log);
    expect(tables.find((t) => t.name === 'predictions')!.rows.map((r) => r[3])).toEqual([null, null]);
    // Nor can the events table link an anonymous answer back to a person by its time.
    const answersInLog = tables.find((t) => t.name === 'events')!.rows.filter((r) => r[1] === 'answer-given');
    expect(answersInLog.map((r) => r[3])).toEqual([null, null, 'anna']);
  });
});

describe('moderation', () => {
  it('lets the trainer hide an anonymous reflection by its handle, without learning whose it is', () => {
    const s = session(MINI_CASE.replace('        prompt: Wat merkte je?', '        prompt: Wat merkte je?\n        identity: anonymous'));
    s.ok({ type: 'start' });
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('anna'));
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'reflectie', answer: { kind: 'text', text: 'Iets ongepasts' } }, player('bram'));
    s.ok({ type: 'answer', stepId: 'reflectie', answer: { kind: 'text', text: 'Iets moois' } }, player('cees'));
    s.ok({ type: 'close-step' });
    const answers = view(s.state, { kind: 'trainer' }).step!.results!.answers;
    expect(answers.every((a) => a.participantId === undefined && typeof a.ref === 'string')).toBe(true);
    const bad = answers.find((a) => (a.answer as { text: string }).text === 'Iets ongepasts')!;
    s.ok({ type: 'moderate', stepKey: s.state.current!, ref: bad.ref!, visible: false });
    s.ok({ type: 'reveal-step' });
    const shown = view(s.state, { kind: 'projector' }).step!.results!.answers.map((a) => (a.answer as { text: string }).text);
    expect(shown).toEqual(['Iets moois']);
    expect(s.send({ type: 'moderate', stepKey: s.state.current!, ref: 'verzonnen', visible: false })).toMatchObject({ ok: false });
  });
});

describe('seats', () => {
  it('lets a seat answer once: no hand-over after the seat answered the open step', () => {
    const s = session(MINI_CASE, [['anna', 'bestuurder'], ['dirk', 'bestuurder'], ['bram', 'ambtenaar']]);
    s.ok({ type: 'assign-roles', assignments: { anna: 'wethouder', dirk: 'wethouder', bram: 'adviseur' } });
    s.ok({ type: 'start' });
    // A late arrival has no role yet: the one to hand a seat to.
    s.ok({ type: 'join', participantId: 'eva', name: 'EVA', side: 'ambtenaar' }, player('eva'));
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'dicht' } }, player('anna'));
    expect(s.send({ type: 'hand-over', from: 'anna', to: 'eva' })).toMatchObject({ ok: false, refusal: { code: 'already-answered' } });
  });

  it('waits for a handed-over seat under the handover policy instead of closing without it', () => {
    const s = session(MINI_CASE.replace("        roles: [wethouder]\n        prompt: Wat doe je?", "        roles: [wethouder]\n        dropout: handover\n        prompt: Wat doe je?"), [['anna', 'bestuurder'], ['dirk', 'bestuurder'], ['bram', 'ambtenaar']]);
    s.ok({ type: 'assign-roles', assignments: { anna: 'wethouder', dirk: 'wethouder', bram: 'adviseur' } });
    s.ok({ type: 'start' });
    // A late arrival has no role yet: the one to hand a seat to.
    s.ok({ type: 'join', participantId: 'eva', name: 'EVA', side: 'ambtenaar' }, player('eva'));
    s.ok({ type: 'advance' });
    s.ok({ type: 'set-connected', participantId: 'dirk', connected: false }, { kind: 'system' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('anna'));
    expect(s.state.steps[1]!.status).toBe('open');
    s.ok({ type: 'hand-over', from: 'dirk', to: 'eva' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('eva'));
    expect(s.state.steps[1]!.status).toBe('closed');
  });

  it('refuses a manual assignment over a role’s seats, or one that empties an essential role during play', () => {
    const s = session();
    expect(s.send({ type: 'assign-roles', assignments: { anna: 'wethouder', bram: 'wethouder', cees: 'wethouder' } })).toMatchObject({ ok: false, refusal: { code: 'seats-exceeded' } });
    s.ok({ type: 'start' });
    expect(s.send({ type: 'assign-roles', assignments: { anna: 'adviseur', bram: 'adviseur', cees: 'adviseur' } })).toMatchObject({ ok: false, refusal: { code: 'roles-incomplete' } });
  });

  it('rotates everybody off their own role when the group allows a full rotation', () => {
    const three = MINI_CASE.replace('    seats: { min: 1, max: 4 }\n', '    seats: { min: 1, max: 1 }\n    essential: true\n  - id: raadslid\n    name: Raadslid\n    side: raad\n    description: Een raadslid.\n    briefing: Geheim van het raadslid.\n    seats: { min: 1, max: 1 }\n    essential: true\n').replace('    seats: { min: 1, max: 2 }\n    essential: true', '    seats: { min: 1, max: 1 }\n    essential: true').replace('groupSize: { min: 2, max: 6 }', 'groupSize: { min: 3, max: 3 }');
    for (let seed = 0; seed < 50; seed++) {
      const c = parseCase(three).case!;
      const s = new TestSession();
      s.ok({ type: 'create', case: c, variables: {}, seed });
      s.ok({ type: 'join', participantId: 'b', name: 'B', side: 'bestuurder' }, player('b'));
      s.ok({ type: 'join', participantId: 'a', name: 'A', side: 'ambtenaar' }, player('a'));
      s.ok({ type: 'join', participantId: 'r', name: 'R', side: 'raadslid' }, player('r'));
      s.ok({ type: 'start' });
      s.ok({ type: 'switch-perspectives' });
      for (const p of ['a', 'b', 'r']) expect(s.state.rounds[1]![p]).not.toBe(s.state.rounds[0]![p]);
    }
  });

  it('lets the trainer chair a group decision when nobody holds the chair role', () => {
    const text = MINI_CASE.replace("        mode: role\n        roles: [wethouder]", '        mode: group\n        chair: woordvoerder').replace('indicators:', '  - id: woordvoerder\n    name: Woordvoerder\n    side: pers\n    description: Pers.\n    briefing: Geheim van de woordvoerder.\nindicators:').replace('groupSize: { min: 2, max: 6 }', 'groupSize: { min: 2, max: 7 }');
    const s = session(text);
    s.ok({ type: 'start' });
    s.ok({ type: 'advance' });
    expect(view(s.state, { kind: 'trainer' }).step!.trainerDecides).toBe(true);
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'dicht' } });
    expect(s.state.steps[1]!.outcomeBy).toBe('chair');
  });
});

describe('scoring', () => {
  it('does not count a bot fill-in as the person’s choice, nor score predictions against the coin', () => {
    const s = session(MINI_CASE.replace("        roles: [wethouder]\n        prompt: Wat doe je?", "        roles: [wethouder]\n        dropout: bot\n        prompt: Wat doe je?"));
    s.ok({ type: 'start' });
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('bram'));
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'dicht' } }, player('cees'));
    s.ok({ type: 'advance' });
    s.ok({ type: 'set-connected', participantId: 'anna', connected: false }, { kind: 'system' });
    s.ok({ type: 'advance' });
    expect(s.state.steps[1]!.answers.anna!.source).toBe('bot');
    expect(debrief(s.state).participantProfiles.anna).toEqual({ rechtmatig: 0, presterend: 0, netwerkend: 0, responsief: 0 });
    expect(personalReport(s.state, 'anna').choices).toEqual([]);

    const coin = session();
    coin.ok({ type: 'start' });
    coin.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('bram'));
    coin.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'dicht' } }, player('cees'));
    coin.ok({ type: 'advance' });
    coin.ok({ type: 'advance' });
    expect(coin.state.steps[1]!.outcomeBy).toBe('chance');
    expect(debrief(coin.state).accuracy.group.total).toBe(0);
  });

  it('lands every delayed consequence of a scene that loops', () => {
    const loop = MINI_CASE.replace('            next: slecht', '').replace("            later:\n              - after: 1\n                text: Het lekt uit.", "            next: begin\n            later:\n              - after: 3\n                text: Het lekt uit.").replace('    next:\n      - if: { indicator: media, min: 3 }\n        goto: slecht\n      - goto: goed', '    next:\n      - if: { indicator: media, min: 3 }\n        goto: slecht\n      - goto: goed').replace('max: 10\nscenes', 'max: 100\nscenes');
    const s = session(loop);
    s.ok({ type: 'start' });
    for (let i = 0; i < 4; i++) {
      s.ok({ type: 'advance' });
      s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'dicht' } }, player('anna'));
      s.ok({ type: 'advance' });
      s.ok({ type: 'advance' });
    }
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('anna'));
    s.ok({ type: 'advance' });
    s.ok({ type: 'advance' });
    expect(s.state.status).toBe('ended');
    expect(s.state.landed).toHaveLength(4);
    expect(s.state.indicators.media).toBe(20);
  });

  it('counts an option called "constructor" like any other', () => {
    const s = session(MINI_CASE.replace('          - id: open', '          - id: constructor').replace('        goto: slecht\n      - goto: goed', '        goto: slecht\n      - goto: goed'));
    s.ok({ type: 'start' });
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'constructor' } }, player('anna'));
    s.ok({ type: 'reveal-step' });
    expect(view(s.state, { kind: 'projector' }).step!.results!.tally).toEqual({ constructor: 1, dicht: 0 });
  });
});
