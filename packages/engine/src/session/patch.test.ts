/** A patched view is exactly the full view, for every viewer it is sent to (trainer, answerer, everybody else), in random play of every case. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { playGame } from '../simulate/play.js';
import { builtInCases } from '../test-support/library.js';
import { answerPatch, applyPatch, patchAudience, type PatchAudience } from './patch.js';
import { view, type Viewer } from './view.js';

describe.each(builtInCases().map((l) => [l.file, l.case] as const))('%s: answer patches', (_file, c) => {
  it('equal the full view for every viewer they go to', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: c.groupSize.min, max: c.groupSize.max }), (seed, players) => {
        const patched: Record<PatchAudience, number> = { trainer: 0, answerer: 0, others: 0 };
        playGame(c, {
          players,
          seed,
          onStep: (after, events, before) => {
            if (before.status === 'empty') return;
            const viewers: Viewer[] = [{ kind: 'projector' }, { kind: 'trainer' }, ...before.order.filter((p) => !before.participants[p]!.removed).map((participantId) => ({ kind: 'participant' as const, participantId }))];
            for (const v of viewers) {
              const patch = answerPatch(after, events, v);
              if (!patch) continue;
              patched[patchAudience(events, v)]++;
              expect(applyPatch(view(before, v), patch)).toEqual(view(after, v));
            }
          },
        });
        // The trainer, the one who answered and everybody else: each kind of patch was tried.
        expect(patched.trainer).toBeGreaterThan(0);
        expect(patched.answerer).toBeGreaterThan(0);
        expect(patched.others).toBeGreaterThan(0);
      }),
      { numRuns: 3 },
    );
  });
});
