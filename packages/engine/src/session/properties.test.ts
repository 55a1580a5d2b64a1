/**
 * Properties over every built-in case under random bot play: no exception, the log replays to
 * the same state, every game reaches an ending, and no participant ever sees another role's
 * secrets or an answer before it is revealed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpolate } from '../case/interpolate.js';
import type { CaseFile } from '../case/schema.js';
import { playGame } from '../simulate/play.js';
import { builtInCases } from '../test-support/library.js';
import { replay } from './evolve.js';
import type { SessionState } from './types.js';
import { view, type StepView } from './view.js';

const library = builtInCases();

/** Texts only the holders of `roleId` may see. */
function secretsOf(c: CaseFile, roleId: string, vars: Record<string, string>): string[] {
  const own = new Set<string>();
  const role = c.roles.find((r) => r.id === roleId);
  if (role) own.add(interpolate(role.briefing, vars));
  for (const s of c.scenes) if (s.private?.[roleId]) own.add(interpolate(s.private[roleId]!, vars));
  const out: string[] = [];
  for (const r of c.roles) if (r.id !== roleId) out.push(interpolate(r.briefing, vars));
  for (const s of c.scenes) for (const [rid, text] of Object.entries(s.private ?? {})) if (rid !== roleId) out.push(interpolate(text, vars));
  for (const i of c.injects ?? []) if (i.to && !i.to.includes(roleId)) out.push(interpolate(i.text, vars));
  // A text this role also legitimately has is not a secret from it.
  const publicTexts = new Set((c.injects ?? []).filter((i) => !i.to).map((i) => interpolate(i.text, vars)));
  return out.filter((t) => !own.has(t) && !publicTexts.has(t));
}

function assertNoLeaks(state: SessionState) {
  const c = state.caseFile!;
  for (const pid of state.order) {
    const p = state.participants[pid]!;
    if (p.removed) continue;
    const v = view(state, { kind: 'participant', participantId: pid });
    const json = JSON.stringify(v);
    const myRole = state.rounds[state.round]?.[pid] ?? '';
    for (const secret of secretsOf(c, myRole, state.variables)) {
      if (json.includes(JSON.stringify(secret).slice(1, -1))) throw new Error(`${pid} (${myRole}) sees a secret: ${secret.slice(0, 60)}`);
    }
    const steps: StepView[] = [...v.history, ...(v.step ? [v.step] : [])];
    for (const sv of steps) {
      const run = state.steps.find((r) => r.key === sv.key)!;
      if (run.status !== 'revealed') expect(sv.results, `results of ${sv.key} before reveal`).toBeUndefined();
      if (sv.mine?.answer) expect(sv.mine.answer).toEqual(run.answers[pid]?.answer);
      for (const a of sv.results?.answers ?? []) {
        if (a.participantId && a.participantId !== pid) {
          const named = sv.identity === 'named' || (a.answer.kind === 'text' && a.answer.named === true);
          if (!named) throw new Error(`${pid} sees who answered ${sv.key} (${sv.identity})`);
        }
      }
    }
    if (v.feedback.some((f) => f.participantId !== pid)) throw new Error(`${pid} sees feedback for someone else`);
  }
  const projector = JSON.stringify(view(state, { kind: 'projector' }));
  for (const r of c.roles) if (projector.includes(JSON.stringify(interpolate(r.briefing, state.variables)).slice(1, -1))) throw new Error('projector shows a briefing');
  view(state, { kind: 'trainer' });
}

describe.each(library.map((l) => [l.file, l.case] as const))('%s under random bot play', (_file, c) => {
  it('never throws, always ends, replays exactly and leaks nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 30 }),
        fc.integer({ min: c.groupSize.min, max: c.groupSize.max }),
        fc.constantFrom<number | null>(null, 1, 2),
        fc.boolean(),
        (seed, players, switchAfterScenes, injects) => {
          let checks = 0;
          const { state, events } = playGame(c, {
            players,
            seed,
            switchAfterScenes,
            injects,
            keepEvents: true,
            strict: true,
            onStep: (s) => {
              // Every few commands is enough to catch a leak and keeps the run short.
              if (s.status !== 'empty' && checks++ % 3 === 0) assertNoLeaks(s);
            },
          });
          assertNoLeaks(state);
          expect(state.status).toBe('ended');
          expect(state.endingId).not.toBeNull();
          expect(replay(events)).toEqual(state);
        },
      ),
      { numRuns: 15 },
    );
  });
});
