/** A patched view is exactly the full view, for every viewer it is sent to (trainer, answerer, everybody else), in random play of every case. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { playGame } from '../simulate/play.js';
import { builtInCases } from '../test-support/library.js';
import { answerPatch, applyPatch, applyViewDiff, HeldView, patchAudience, type PatchAudience, type ViewDiff } from './patch.js';
import { view, type SessionView, type Viewer } from './view.js';

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

/**
 * The whole protocol of one stream, as routes/stream.ts runs it: a whole view on connect, an
 * answer patch where one applies, else a diff from what the browser holds. After every command
 * of random games the browser's view equals a view made afresh without caches.
 */
describe.each(builtInCases().map((l) => [l.file, l.case] as const))('%s: view diffs', (_file, c) => {
  it('leave every browser holding exactly its full view', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 30 }), fc.integer({ min: c.groupSize.min, max: c.groupSize.max }), (seed, players) => {
        const browsers = new Map<string, { held: HeldView; view: SessionView }>();
        const kinds = { view: 0, diff: 0, patch: 0 };
        let diffBytes = 0;
        let appended = 0;
        let wholeBytes = 0;
        playGame(c, {
          players,
          seed,
          onStep: (after, events) => {
            const viewers: Viewer[] = [{ kind: 'projector' }, { kind: 'trainer' }, ...after.order.filter((p) => !after.participants[p]!.removed).map((participantId) => ({ kind: 'participant' as const, participantId }))];
            for (const v of viewers) {
              const id = v.kind === 'participant' ? v.participantId : v.kind;
              const b = browsers.get(id);
              const patch = b ? answerPatch(after, events, v) : null;
              if (b && patch) {
                b.view = applyPatch(b.view, patch);
                b.held.patched(patch.seq);
                kinds.patch++;
              } else {
                // Half the browsers understand `append` (pages loaded before it existed do not).
                const held = b?.held ?? new HeldView({ append: browsers.size % 2 === 0 });
                const full = view(after, v);
                const m = held.message(full);
                const data = JSON.parse(`${m.open}}`) as { view: SessionView } & ViewDiff;
                kinds[m.event]++;
                if (m.event === 'diff') {
                  expect(data.from).toBe(b!.view.seq);
                  if (data.append) appended++;
                  diffBytes += m.open.length;
                  wholeBytes += JSON.stringify(full).length;
                }
                browsers.set(id, { held, view: m.event === 'view' ? data.view : applyViewDiff(b!.view, data) });
              }
              expect(browsers.get(id)!.view).toEqual(JSON.parse(JSON.stringify(view(after, v, { cache: false }))));
            }
          },
        });
        expect(kinds.view).toBeGreaterThan(0);
        expect(kinds.diff).toBeGreaterThan(0);
        expect(kinds.patch).toBeGreaterThan(0);
        expect(appended).toBeGreaterThan(0);
        // The point of it: the diffs carry well under half of what the whole views would have.
        expect(diffBytes).toBeLessThan(wholeBytes / 2);
      }),
      { numRuns: 3 },
    );
  });
});
