/**
 * JIT warm-up at start: a few bot games through the real engine (decide, evolve, every viewer's
 * view and answer patches, serialised as the stream would), so the first burst of answers after a
 * start or a deploy does not run on code V8 has not optimised yet. Engine only: no I/O, ~0.1 s.
 */
import { answerPatch, playGame, view, type CaseFile, type Viewer } from '@samenspel/engine';

export function warmUpEngine(cases: readonly CaseFile[], games = 6): void {
  const c = cases[0];
  if (!c) return;
  for (let g = 0; g < games; g++) {
    playGame(c, {
      players: Math.min(c.groupSize.max, 15),
      seed: g + 1,
      onStep: (s, events) => {
        if (s.status === 'empty') return;
        const viewers: Viewer[] = [{ kind: 'trainer' }, { kind: 'projector' }, ...s.order.slice(0, 3).map((participantId): Viewer => ({ kind: 'participant', participantId }))];
        for (const v of viewers) {
          if (v.kind === 'participant' && s.participants[v.participantId]?.removed) continue;
          JSON.stringify(answerPatch(s, events, v) ?? view(s, v));
        }
      },
    });
  }
}
