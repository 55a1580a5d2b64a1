/**
 * During an answer burst every viewer sees only a little change when one participant answers:
 * everybody the answered count, the one who answered their own answer, the trainer who answered
 * and who is still awaited. This module says exactly when that is so, and how to apply it to the
 * view the viewer already has, so the server can send a few bytes instead of a whole view (the
 * trainer's includes the debrief). A property test checks that a patched view equals the full view.
 *
 * Everything else after a connection's first view goes as a diff of the view's top-level
 * properties (HeldView, applyViewDiff); patch.test.ts runs that whole protocol over random games.
 */
import type { Answer, ParticipantId, SessionEvent, SessionState } from './types.js';
import { answeredBy, waitingFor, type SessionView, type Viewer } from './view.js';
import { isShared, joinParts, propertyJson } from './view-json.js';

export interface ViewPatch {
  seq: number;
  stepKey: string;
  answeredCount: number;
  /** Only to the one who answered: their own answer, as their view shows it. */
  mine?: Answer;
  /** Only to the trainer: who answered and who the step still waits for. */
  answeredBy?: ParticipantId[];
  waitingFor?: ParticipantId[];
}

/** Which of the three kinds of patch a viewer gets for this change; one serialised message per kind will do. */
export type PatchAudience = 'trainer' | 'answerer' | 'others';

export function patchAudience(events: readonly SessionEvent[], viewer: Viewer): PatchAudience {
  if (viewer.kind === 'trainer') return 'trainer';
  const e = events.length === 1 ? events[0]! : undefined;
  if (viewer.kind === 'participant' && e?.type === 'answer-given' && viewer.participantId === e.participantId) return 'answerer';
  return 'others';
}

export function answerPatch(after: SessionState, events: readonly SessionEvent[], viewer: Viewer): ViewPatch | null {
  if (events.length !== 1) return null;
  const e = events[0]!;
  if (e.type !== 'answer-given' || e.source !== 'player') return null;
  const run = after.steps.find((r) => r.key === e.stepKey);
  if (!run || run.status !== 'open' || after.current !== run.key) return null;
  const patch: ViewPatch = { seq: after.seq, stepKey: run.key, answeredCount: Object.keys(run.answers).length };
  switch (patchAudience(events, viewer)) {
    case 'trainer':
      patch.answeredBy = answeredBy(run);
      patch.waitingFor = waitingFor(after, run);
      break;
    case 'answerer':
      patch.mine = run.answers[e.participantId]!.answer;
      break;
    case 'others':
      break;
  }
  return patch;
}

/** What applyPatch changes in a view. */
const PATCHED_PARTS = ['seq', 'step'] as const satisfies readonly (keyof SessionView)[];

export function applyPatch(view: SessionView, patch: ViewPatch): SessionView {
  const step = view.step && view.step.key === patch.stepKey ? view.step : undefined;
  return {
    ...view,
    seq: patch.seq,
    ...(step
      ? {
          step: {
            ...step,
            answeredCount: patch.answeredCount,
            ...(patch.mine && step.mine ? { mine: { ...step.mine, answer: patch.mine } } : {}),
            ...(patch.answeredBy ? { answeredBy: patch.answeredBy } : {}),
            ...(patch.waitingFor ? { waitingFor: patch.waitingFor } : {}),
          },
        }
      : {}),
  };
}

/**
 * A whole view sent as only the properties that changed since the view `from` (HeldView, below).
 * `append`: a list that grew at its end (the history, at every step change) as only its new items.
 */
export interface ViewDiff {
  from: number;
  set: Partial<SessionView>;
  append?: { history?: SessionView['history'] };
  unset?: (keyof SessionView)[];
}

export function applyViewDiff(view: SessionView, diff: ViewDiff): SessionView {
  const next = { ...view, ...diff.set } as SessionView;
  if (diff.append?.history) next.history = [...view.history, ...diff.append.history];
  for (const k of diff.unset ?? []) delete (next as Partial<SessionView>)[k];
  return next;
}

/**
 * What one connection's browser holds, as the JSON of each property of its view, so that the
 * next whole view can go as a diff of the properties that changed (`applyViewDiff`).
 * At a step change a participant's view is ~5-6 KB, of which the step, the history or the
 * indicators changed (0.5-1.7 KB); the trainer's ~10-16 KB. That is what phones on a venue's
 * wifi then download, fifteen at once.
 */
export class HeldView {
  private parts: Map<string, HeldPart> | null = null;
  private heldSeq = -1;

  /**
   * `append`: the browser understands `append` in a diff (ViewDiff); a page loaded before it
   * existed does not, and gets the whole history instead.
   */
  constructor(private readonly options: { append?: boolean } = {}) {}

  /** The sequence number of the view the browser holds (-1: nothing yet, whatever Last-Event-ID it sent). */
  get seq(): number {
    return this.heldSeq;
  }

  /**
   * The message for `v`: the whole view (`{"view":…}`) the first time, else a diff
   * (`{"from":seq,"set":{…},"append":{…},"unset":[…]}`) from what the browser holds. Without a
   * closing brace, for the caller to add its own fields.
   *
   * A property that is the very value sent before (a shared part of the view, which nobody
   * changes, or the same steps in the history) is not serialised again, nor compared as text:
   * at the end of a burst, when fifty sessions close a step at once, serialising and comparing
   * every property of seventeen views per session took three times as long as making the views.
   * A history that only grew goes as its new steps: it was half of what a step change sent.
   */
  message(v: SessionView): { event: 'view' | 'diff'; open: string } {
    const held = this.parts;
    const from = this.heldSeq;
    const next = new Map<string, HeldPart>();
    const set: [string, string][] = [];
    let append = '';
    for (const key of Object.keys(v) as (keyof SessionView)[]) {
      const value = v[key];
      if (value === undefined) continue;
      const before = held?.get(key);
      if (before && sameValue(before.value, value)) {
        next.set(key, before);
        continue;
      }
      if (key === 'history' && before && this.options.append && grewFrom(before.value, value as unknown[])) {
        const added = (value as SessionView['history']).slice((before.value as unknown[]).length);
        append = `,"append":{"history":${propertyJson('history', added)}}`;
        next.set(key, { value: kept(value), json: null });
        continue;
      }
      const json = propertyJson(key, value);
      next.set(key, { value: kept(value), json });
      if (before?.json !== json) set.push([key, json]);
    }
    this.parts = next;
    this.heldSeq = v.seq;
    if (!held) return { event: 'view', open: `{"view":${joinParts(set)}` };
    const unset = [...held.keys()].filter((k) => !next.has(k));
    return { event: 'diff', open: `{"from":${from},"set":${joinParts(set)}${append}${unset.length ? `,"unset":${JSON.stringify(unset)}` : ''}` };
  }

  /** The browser applied an answer patch: the parts it moved are no longer what was sent. */
  patched(seq: number): void {
    for (const k of PATCHED_PARTS) this.parts?.delete(k);
    this.heldSeq = seq;
  }
}

/**
 * What was sent of one property: its value where that is shared (nobody changes it, so the same
 * value means the same JSON), and its JSON where it might differ (null: not kept, the history,
 * whose steps are shared and compared one by one). A fresh object made for one view only is not
 * kept: a copy per phone would outlive the step change it was made for.
 */
interface HeldPart {
  value: unknown;
  json: string | null;
}

/** The value itself where the next view may hand out the very same one; else nothing. */
function kept(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (isShared(value)) return value;
  return Array.isArray(value) && value.every((x) => x !== null && typeof x === 'object' && isShared(x)) ? value : undefined;
}

/** The same value, or an array of the same values (the history: a fresh array of shared steps). */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (Array.isArray(a) && Array.isArray(b) && a.length === b.length && startsWith(b, a));
}

/** `b` is `a` with items added at its end, the items before them the very same values. */
function grewFrom(a: unknown, b: unknown[]): boolean {
  return Array.isArray(a) && a.length < b.length && startsWith(b, a);
}

function startsWith(list: readonly unknown[], head: readonly unknown[]): boolean {
  return head.every((x, i) => x === list[i]);
}
