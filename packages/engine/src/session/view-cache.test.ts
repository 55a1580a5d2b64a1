/**
 * The history part of a view is cached per step run and viewer, other parts are shared between
 * viewers (view.ts), and their JSON is kept (view-json.ts). A cached view must always equal a
 * fresh one, and its JSON be JSON.stringify's of the fresh one byte for byte: checked after every
 * command of random bot games over every built-in case, for every viewer, and for a rename and a
 * removal after a step went into the history.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../case/parse.js';
import { playGame } from '../simulate/play.js';
import { builtInCases } from '../test-support/library.js';
import { player, TestSession } from '../test-support/session.js';
import type { SessionState } from './types.js';
import { view, type Viewer } from './view.js';
import { viewJson } from './view-json.js';

function viewersOf(s: SessionState): Viewer[] {
  return [{ kind: 'trainer' }, { kind: 'projector' }, ...s.order.map((participantId): Viewer => ({ kind: 'participant', participantId }))];
}

function expectCachedEqualsFresh(s: SessionState): void {
  for (const v of viewersOf(s)) {
    const fresh = view(s, v, { cache: false });
    expect(view(s, v)).toEqual(fresh);
    expect(viewJson(view(s, v))).toBe(JSON.stringify(fresh));
  }
}

describe.each(builtInCases().map((l) => [l.file, l.case] as const))('%s', (_file, c) => {
  it('gives the same view from the cache as afresh, after every command', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: c.groupSize.min, max: c.groupSize.max }), (seed, players) => {
        playGame(c, { players, seed, switchAfterScenes: 1, injects: true, strict: true, onStep: (s) => s.status !== 'empty' && expectCachedEqualsFresh(s) });
      }),
      { numRuns: 3 },
    );
  });
});

it('shows a new name and a removal in the history at once', () => {
  const c = parseCase(readFileSync(new URL('../../../../cases/het-advies-dat-verdween.case.yaml', import.meta.url), 'utf8')).case!;
  const s = new TestSession();
  s.ok({ type: 'create', case: c, variables: {}, seed: 5 });
  s.ok({ type: 'join', participantId: 'p1', name: 'Wilhelmina', side: 'bestuurder' }, player('p1'));
  s.ok({ type: 'join', participantId: 'p2', name: 'Bram', side: 'ambtenaar' }, player('p2'));
  s.ok({ type: 'join', participantId: 'p3', name: 'Chantal', side: 'ambtenaar' }, player('p3'));
  s.ok({ type: 'start' });
  s.ok({ type: 'advance' });
  for (const pid of ['p1', 'p2', 'p3']) s.send({ type: 'answer', stepId: 'reactie-adviseur', answer: { kind: 'option', optionId: 'handhaven' } }, player(pid));
  s.ok({ type: 'advance' });
  const before = view(s.state, { kind: 'trainer' });
  expect(before.history.length).toBeGreaterThan(0);
  expectCachedEqualsFresh(s.state);
  s.ok({ type: 'rename', participantId: 'p2', name: 'Bram Bakker' });
  expectCachedEqualsFresh(s.state);
  s.ok({ type: 'remove', participantId: 'p3' });
  expectCachedEqualsFresh(s.state);
  expect(JSON.stringify(view(s.state, { kind: 'trainer' }).history)).not.toContain('"Bram"');
});

it('keeps the shared parts of two sessions of one case apart when their variables differ', () => {
  const c = parseCase(readFileSync(new URL('../../../../cases/het-advies-dat-verdween.case.yaml', import.meta.url), 'utf8')).case!;
  const sessions = ['Lindenburg', 'Aa en Hunze'].map((gemeente) => {
    const s = new TestSession();
    s.ok({ type: 'create', case: c, variables: { gemeente }, seed: 5 });
    s.ok({ type: 'join', participantId: 'p1', name: 'Wilhelmina', side: 'bestuurder' }, player('p1'));
    s.ok({ type: 'join', participantId: 'p2', name: 'Bram', side: 'ambtenaar' }, player('p2'));
    s.ok({ type: 'start' });
    return s;
  });
  // Interleaved, so a part made for one session is in the caches when the other asks.
  for (let round = 0; round < 2; round++) for (const s of sessions) expectCachedEqualsFresh(s.state);
  const [a, b] = sessions.map((s) => viewJson(view(s.state, { kind: 'participant', participantId: 'p1' })));
  expect(a).toContain('Lindenburg');
  expect(a).not.toContain('Aa en Hunze');
  expect(b).toContain('Aa en Hunze');
  expect(b).not.toContain('Lindenburg');
});
