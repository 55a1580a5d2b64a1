/**
 * During an answer burst most viewers see only one thing change: how many have answered. This
 * module says exactly when that is so, and how to apply it to the view the viewer already has,
 * so the server can send a few bytes instead of a whole view to everyone but the trainer and the
 * one who answered. A property test checks that a patched view equals the full view.
 */
import type { SessionEvent, SessionState } from './types.js';
import type { SessionView, Viewer } from './view.js';

export interface ViewPatch {
  seq: number;
  stepKey: string;
  answeredCount: number;
}

export function answerPatch(after: SessionState, events: readonly SessionEvent[], viewer: Viewer): ViewPatch | null {
  if (events.length !== 1) return null;
  const e = events[0]!;
  if (e.type !== 'answer-given' || e.source !== 'player') return null;
  // The trainer sees who answered; the one who answered sees their own answer.
  if (viewer.kind === 'trainer') return null;
  if (viewer.kind === 'participant' && viewer.participantId === e.participantId) return null;
  const run = after.steps.find((r) => r.key === e.stepKey);
  if (!run || run.status !== 'open' || after.current !== run.key) return null;
  return { seq: after.seq, stepKey: run.key, answeredCount: Object.keys(run.answers).length };
}

export function applyPatch(view: SessionView, patch: ViewPatch): SessionView {
  return {
    ...view,
    seq: patch.seq,
    ...(view.step && view.step.key === patch.stepKey ? { step: { ...view.step, answeredCount: patch.answeredCount } } : {}),
  };
}
