/**
 * Given these events, when this command, then these events (or this refusal).
 */
import { describe, expect, it } from 'vitest';
import { parseCase } from '../case/parse.js';
import { MINI_CASE } from '../test-support/mini-case.js';
import { debrief } from '../scoring/debrief.js';
import { player, TestSession as Session } from '../test-support/session.js';
import { replay } from './evolve.js';
import { view } from './view.js';

const miniCase = parseCase(MINI_CASE).case!;
function lobby(): Session {
  const s = new Session();
  s.ok({ type: 'create', case: miniCase, variables: { gemeente: 'Zwolle' }, seed: 7 });
  s.ok({ type: 'join', participantId: 'anna', name: 'Anna', side: 'bestuurder' }, player('anna'));
  s.ok({ type: 'join', participantId: 'bram', name: 'Bram', side: 'ambtenaar' }, player('bram'));
  s.ok({ type: 'join', participantId: 'cees', name: 'Cees', side: 'ambtenaar' }, player('cees'));
  return s;
}

function started(): Session {
  const s = lobby();
  s.ok({ type: 'start' });
  return s;
}

describe('decide', () => {
  it('refuses a second participant with the same name, whatever the case or spacing', () => {
    const s = lobby();
    const d = s.send({ type: 'join', participantId: 'x', name: '  anna ', side: 'ambtenaar' }, player('x'));
    expect(d).toEqual({ ok: false, refusal: { code: 'name-taken', detail: { name: 'anna' } } });
  });

  it('refuses an empty name and a join when every seat is taken', () => {
    const s = lobby();
    expect(s.send({ type: 'join', participantId: 'x', name: '   ', side: 'ambtenaar' }, player('x'))).toMatchObject({ ok: false, refusal: { code: 'name-empty' } });
    s.ok({ type: 'join', participantId: 'd', name: 'D', side: 'ambtenaar' }, player('d'));
    s.ok({ type: 'join', participantId: 'e', name: 'E', side: 'ambtenaar' }, player('e'));
    s.ok({ type: 'join', participantId: 'f', name: 'F', side: 'ambtenaar' }, player('f'));
    expect(s.send({ type: 'join', participantId: 'g', name: 'G', side: 'ambtenaar' }, player('g'))).toMatchObject({ ok: false, refusal: { code: 'session-full' } });
  });

  it('lets a person change their own side in the lobby, not someone else’s, and not after the start', () => {
    const s = lobby();
    expect(s.ok({ type: 'choose-side', participantId: 'bram', side: 'raadslid' }, player('bram'))).toMatchObject([{ type: 'side-chosen', side: 'raadslid' }]);
    expect(s.send({ type: 'choose-side', participantId: 'anna', side: 'gast' }, player('bram'))).toMatchObject({ ok: false, refusal: { code: 'not-allowed' } });
    s.ok({ type: 'start' });
    expect(s.send({ type: 'choose-side', participantId: 'bram', side: 'ambtenaar' }, player('bram'))).toMatchObject({ ok: false, refusal: { code: 'already-started' } });
  });

  it('lets only the trainer steer', () => {
    const s = lobby();
    expect(s.send({ type: 'start' }, player('anna'))).toMatchObject({ ok: false, refusal: { code: 'not-allowed' } });
  });

  it('assigns roles by each person’s own side when starting', () => {
    const s = started();
    expect(s.state.rounds[0]).toEqual({ anna: 'wethouder', bram: 'adviseur', cees: 'adviseur' });
    expect(s.state.current).toBe('1:voorspel');
  });

  it('closes a step when everybody answered, and refuses a double answer', () => {
    const s = started();
    // The prediction is for everybody who does not decide: the two advisers.
    expect(s.state.steps[0]!.eligible).toEqual(['bram', 'cees']);
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'dicht' } }, player('bram'));
    expect(s.send({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('bram'))).toMatchObject({ ok: false, refusal: { code: 'already-answered' } });
    expect(s.send({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('anna'))).toMatchObject({ ok: false, refusal: { code: 'not-your-step' } });
    const events = s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('cees'));
    expect(events.map((e) => e.type)).toEqual(['answer-given', 'step-closed']);
    expect(events[1]).toMatchObject({ reason: 'all-answered', missing: [] });
  });

  it('records a forced advance as its own event, never as a blank answer', () => {
    const s = started();
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'dicht' } }, player('bram'));
    const events = s.ok({ type: 'advance' });
    expect(events[0]).toMatchObject({ type: 'step-closed', reason: 'advance', missing: ['cees'] });
    expect(Object.keys(s.state.steps[0]!.answers)).toEqual(['bram']);
  });

  it('refuses an answer on a step that is closed or not current', () => {
    const s = started();
    s.ok({ type: 'close-step' });
    expect(s.send({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('bram'))).toMatchObject({ ok: false, refusal: { code: 'step-not-open' } });
    expect(s.send({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('anna'))).toMatchObject({ ok: false, refusal: { code: 'not-current-step' } });
    expect(s.send({ type: 'close-step' })).toMatchObject({ ok: false, refusal: { code: 'step-not-open' } });
  });

  it('lands a delayed consequence before the ending is settled, and scores predictions', () => {
    const s = started();
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'dicht' } }, player('bram'));
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('cees'));
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'dicht' } }, player('anna'));
    s.ok({ type: 'reveal-step' });
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'reflectie', answer: { kind: 'text', text: 'Spannend', named: false } }, player('bram'));
    const end = s.ok({ type: 'advance' });
    expect(end.map((e) => e.type)).toEqual(['step-closed', 'consequence-landed', 'session-ended']);
    expect(s.state.endingId).toBe('slecht');
    expect(s.state.indicators.media).toBe(5);
    const d = debrief(s.state);
    expect(d.accuracy.group).toEqual({ correct: 1, total: 2, rate: 0.5 });
    expect(d.accuracy.perParticipant.bram!.before.rate).toBe(1);
    expect(d.participantProfiles.anna).toEqual({ rechtmatig: 0, presterend: 1, netwerkend: 0, responsief: 0 });
    expect(d.groupProfile).toEqual({ rechtmatig: 0, presterend: 1, netwerkend: -1, responsief: -1 });
    expect(replay(s.log)).toEqual(s.state);
  });

  it('breaks a tied vote with the seeded coin, the same on every replay', () => {
    const s = lobby();
    s.ok({ type: 'assign-roles', assignments: { anna: 'wethouder', bram: 'wethouder', cees: 'adviseur' } });
    s.ok({ type: 'start' });
    s.ok({ type: 'advance' });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('anna'));
    const events = s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'dicht' } }, player('bram'));
    const resolved = events.find((e) => e.type === 'decision-resolved')!;
    expect(resolved).toMatchObject({ tally: { open: 1, dicht: 1 }, by: 'majority' });
    expect(replay(s.log).outcomes).toEqual(s.state.outcomes);
  });

  it('switches perspectives: the bestuurder becomes an adviseur and an ambtenaar the wethouder', () => {
    const s = started();
    s.ok({ type: 'switch-perspectives' });
    expect(s.state.round).toBe(1);
    expect(s.state.rounds[1]!.anna).toBe('adviseur');
    expect(Object.values(s.state.rounds[1]!)).toContain('wethouder');
  });

  it('pauses and resumes a timer without losing time, and ignores an early expiry', () => {
    const timed = parseCase(MINI_CASE.replace('        predicts: keuze', '        predicts: keuze\n        timer: 60')).case!;
    const s = new Session();
    s.ok({ type: 'create', case: timed, variables: {}, seed: 1 });
    s.ok({ type: 'join', participantId: 'anna', name: 'Anna', side: 'bestuurder' }, player('anna'));
    s.ok({ type: 'join', participantId: 'bram', name: 'Bram', side: 'ambtenaar' }, player('bram'));
    s.ok({ type: 'start' });
    const key = s.state.current!;
    expect(s.state.steps[0]!.deadline).toBe(s.now + 60_000);
    expect(s.send({ type: 'timer-expired', stepKey: key }, { kind: 'system' })).toMatchObject({ ok: false, refusal: { code: 'timer-not-due' } });
    s.ok({ type: 'pause' });
    // One second passed for the refused expiry, one for the pause itself.
    expect(s.state.steps[0]!.remaining).toBe(58_000);
    s.now += 500_000;
    s.ok({ type: 'resume' });
    expect(s.state.steps[0]!.deadline).toBe(s.now + 58_000);
    s.now += 58_000;
    expect(s.ok({ type: 'timer-expired', stepKey: key }, { kind: 'system' })[0]).toMatchObject({ type: 'step-closed', reason: 'timer' });
  });

  it('lets a bot answer for a player who dropped out when the step says so', () => {
    const botCase = parseCase(MINI_CASE.replace('        predicts: keuze', '        predicts: keuze\n        dropout: bot')).case!;
    const s = new Session();
    s.ok({ type: 'create', case: botCase, variables: {}, seed: 1 });
    s.ok({ type: 'join', participantId: 'anna', name: 'Anna', side: 'bestuurder' }, player('anna'));
    s.ok({ type: 'join', participantId: 'bram', name: 'Bram', side: 'ambtenaar' }, player('bram'));
    s.ok({ type: 'join', participantId: 'cees', name: 'Cees', side: 'ambtenaar' }, player('cees'));
    s.ok({ type: 'start' });
    s.ok({ type: 'set-connected', participantId: 'cees', connected: false }, { kind: 'system' });
    const events = s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('bram'));
    expect(events.map((e) => e.type)).toEqual(['answer-given', 'answer-given', 'step-closed']);
    expect(events[1]).toMatchObject({ participantId: 'cees', source: 'bot' });
  });

  it('lets the trainer decide for a role nobody holds', () => {
    const s = lobby();
    s.ok({ type: 'assign-roles', assignments: { anna: 'adviseur', bram: 'adviseur', cees: 'adviseur' } });
    expect(s.send({ type: 'start' })).toMatchObject({ ok: false, refusal: { code: 'roles-incomplete', detail: { roles: 'wethouder' } } });
    s.ok({ type: 'assign-roles', assignments: { anna: 'wethouder', bram: 'adviseur', cees: 'adviseur' } });
    s.ok({ type: 'start' });
    s.ok({ type: 'remove', participantId: 'anna' });
    s.ok({ type: 'advance' });
    expect(s.state.steps[1]!.eligible).toEqual([]);
    expect(view(s.state, { kind: 'trainer' }).step!.trainerDecides).toBe(true);
    expect(s.send({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('bram'))).toMatchObject({ ok: false, refusal: { code: 'not-your-step' } });
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } });
    expect(s.state.outcomes.keuze).toBe('open');
    expect(s.state.profiles.trainer).toBeUndefined();
  });

  it('hands a seat over to a newcomer: the new holder may answer for the role', () => {
    const s = started();
    s.ok({ type: 'advance' });
    s.ok({ type: 'join', participantId: 'dirk', name: 'Dirk', side: 'ambtenaar' }, player('dirk'));
    expect(s.send({ type: 'hand-over', from: 'anna', to: 'bram' })).toMatchObject({ ok: false, refusal: { code: 'already-has-role' } });
    s.ok({ type: 'hand-over', from: 'anna', to: 'dirk' });
    expect(s.state.rounds[0]!.dirk).toBe('wethouder');
    s.ok({ type: 'answer', stepId: 'keuze', answer: { kind: 'option', optionId: 'open' } }, player('dirk'));
    expect(s.state.outcomes.keuze).toBe('open');
  });
});

describe('view', () => {
  it('shows a participant only their own briefing and private scene text', () => {
    const s = started();
    const bram = JSON.stringify(view(s.state, { kind: 'participant', participantId: 'bram' }));
    const anna = JSON.stringify(view(s.state, { kind: 'participant', participantId: 'anna' }));
    const projector = JSON.stringify(view(s.state, { kind: 'projector' }));
    expect(bram).toContain('Geheim van de adviseur');
    expect(bram).toContain('Alleen de adviseur weet dit');
    expect(bram).not.toContain('Geheim van de wethouder');
    expect(anna).not.toContain('Geheim van de adviseur');
    expect(anna).not.toContain('Alleen de adviseur weet dit');
    expect(projector).not.toMatch(/Geheim van|Alleen de adviseur/);
    expect(JSON.stringify(view(s.state, { kind: 'trainer' }))).toContain('Geheim van de wethouder'.slice(0, 0));
  });

  it('keeps answers hidden until reveal; the trainer sees who answered, not what', () => {
    const s = started();
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'dicht' } }, player('bram'));
    const t = view(s.state, { kind: 'trainer' });
    expect(t.step!.answeredBy).toEqual(['bram']);
    expect(t.step!.results).toBeUndefined();
    const cees = view(s.state, { kind: 'participant', participantId: 'cees' });
    expect(cees.step!.answeredCount).toBe(1);
    expect(cees.step!.results).toBeUndefined();
    expect(cees.step!.mine).toEqual({ eligible: true, answer: null, mayChair: false });
    expect(cees.history).toEqual([]);
    s.ok({ type: 'answer', stepId: 'voorspel', answer: { kind: 'option', optionId: 'open' } }, player('cees'));
    expect(view(s.state, { kind: 'participant', participantId: 'bram' }).step!.results).toBeUndefined();
    s.ok({ type: 'reveal-step' });
    const after = view(s.state, { kind: 'projector' });
    expect(after.step!.results!.tally).toEqual({ open: 1, dicht: 1 });
    // A prediction is identity "trainer": the projector sees the tally, not who predicted what.
    expect(after.step!.results!.answers).toEqual([]);
  });

  it('fills in variables everywhere', () => {
    const s = started();
    expect(view(s.state, { kind: 'projector' }).case.summary).toBe('Een kleine casus in Zwolle.');
  });
});
