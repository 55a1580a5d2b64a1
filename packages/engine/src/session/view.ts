/**
 * view(state, viewer): the only way session data reaches a browser. Default-deny: a field is
 * copied into the view only where a rule below says this viewer may see it. Private briefings,
 * private scene texts, injects to other roles and unrevealed answers never leave the state.
 */
import { interpolate } from '../case/interpolate.js';
import type { Step } from '../case/schema.js';
import type { IdentityLevel, PersonSide, RoleSide } from '../case/vocabulary.js';
import { debrief, predictionScores, type DebriefSummary, type PredictionScore } from '../scoring/debrief.js';
import { keyedRandom, shuffle } from '../random.js';
import { activeIds, answerRef, currentRun, holdersOf, stepById } from './rules.js';
import type { Answer, Participant, ParticipantId, SessionState, StepRun } from './types.js';
import { memoPart, shared } from './view-json.js';

export type Viewer = { kind: 'trainer' } | { kind: 'projector' } | { kind: 'participant'; participantId: ParticipantId };

export interface RoleCard {
  id: string;
  name: string;
  side: RoleSide;
  description: string;
}

export interface StepView {
  key: string;
  id: string;
  sceneId: string;
  type: Step['type'];
  prompt: string;
  identity: IdentityLevel;
  status: StepRun['status'];
  deadline: number | null;
  remaining: number | null;
  options?: { id: string; label: string; description?: string }[];
  items?: { id: string; label: string }[];
  scale?: { min: number; max: number; minLabel: string; maxLabel: string };
  theme?: string;
  /** For a prediction: the prompt of the decision it predicts. */
  predicts?: { stepId: string; prompt: string };
  mode?: string;
  /** Role id or 'trainer' for a group decision. */
  chair?: string;
  /** Trainer only: nobody holds the deciding role, so the trainer enters the decision. */
  trainerDecides?: boolean;
  eligibleCount: number;
  answeredCount: number;
  /** Trainer only: who may answer and who did (not what). */
  answeredBy?: ParticipantId[];
  waitingFor?: ParticipantId[];
  /** For participants: may I answer, and what did I answer. */
  mine?: { eligible: boolean; answer: Answer | null; mayChair: boolean };
  /** Once the viewer may see results. */
  results?: {
    tally?: Record<string, number>;
    outcome?: string | null;
    /** Named answers, or answers the trainer may see. Anonymous ones carry no participant. */
    answers: { participantId?: ParticipantId; name?: string; answer: Answer; source: string; hidden?: boolean; ref?: string }[];
  };
  missing?: ParticipantId[];
  closeReason?: string | null;
}

export interface SessionView {
  viewer: Viewer['kind'];
  seq: number;
  status: SessionState['status'];
  title: string;
  case: { id: string; title: string; summary: string; setting: string; themes: string[]; roles: RoleCard[] };
  variables: Record<string, string>;
  paused: boolean;
  round: number;
  participants: { id: ParticipantId; name: string; side: PersonSide; connected: boolean; roleId: string | null }[];
  me?: { id: ParticipantId; name: string; side: PersonSide; role: (RoleCard & { briefing: string }) | null; earlierRoles: string[] };
  scene?: { id: string; title: string; narrative: string; private?: string; privateByRole?: Record<string, string> };
  step?: StepView;
  history: StepView[];
  indicators: { id: string; label?: string; value: number }[];
  consequences: { label?: string; text: string; at: number }[];
  injects: { id: string; title: string; text: string; at: number }[];
  /** Trainer only: every inject the case offers. */
  injectMenu?: { id: string; title: string; text: string; to: string[] | null }[];
  feedback: { participantId: ParticipantId; text: string; at: number; sceneId: string | null }[];
  ending?: { id: string; title: string; text: string } | null;
  debrief?: DebriefSummary;
  myPredictions?: { predictionStepId: string; correct: boolean; round: number }[];
}

/**
 * Views of steps other than the current one, per run and viewer. Such a view depends on the run,
 * the participants, the role assignments and the join order, and evolve replaces each of these
 * with a new object when it changes (it copies what it changes), so a cached view is valid while
 * all four are the same objects. At a step close every viewer's whole view is made again; without
 * this, each rebuilt the history of every earlier step.
 */
const historyViews = new WeakMap<StepRun, Map<string, { participants: object; rounds: object; order: object; view: StepView }>>();

export interface ViewOptions {
  /** False: build every step's view and every shared part afresh (tests compare the two). */
  cache?: boolean;
}

/**
 * Parts of a view that are the same for every viewer of a kind and change seldom, made once
 * and shared (view-json.ts serialises each once). Each is keyed on the state branches it is
 * made of; evolve replaces a branch when it changes it.
 */
// Keyed on the session's variables, not the case: sessions of one case share its object.
const caseParts = new WeakMap<Record<string, string>, { deps: readonly unknown[]; value: SessionView['case'] }>();
const participantParts = new WeakMap<SessionState['participants'], { deps: readonly unknown[]; value: SessionView['participants'] }>();
const indicatorParts = new WeakMap<Record<string, number>, { deps: readonly unknown[]; value: SessionView['indicators'] }>();
const consequenceParts = new WeakMap<SessionState['landed'], { deps: readonly unknown[]; value: SessionView['consequences'] }>();
// Per viewer and seldom changing (a participant's card and scene text, the trainer's inject menu):
// made again only when what they are made of changes, so that at a step change the stream's diff
// finds them the same value and neither serialises nor keeps a copy of them for every phone.
const variableParts = new WeakMap<Record<string, string>, { deps: readonly unknown[]; value: SessionView['variables'] }>();
const meParts = new WeakMap<Participant, { deps: readonly unknown[]; value: NonNullable<SessionView['me']> }>();
const participantSceneParts = new WeakMap<Participant, { deps: readonly unknown[]; value: NonNullable<SessionView['scene']> }>();
const trainerSceneParts = new WeakMap<Record<string, string>, { deps: readonly unknown[]; value: NonNullable<SessionView['scene']> }>();
const projectorSceneParts = new WeakMap<Record<string, string>, { deps: readonly unknown[]; value: NonNullable<SessionView['scene']> }>();
const injectMenuParts = new WeakMap<Record<string, string>, { deps: readonly unknown[]; value: NonNullable<SessionView['injectMenu']> }>();
// Once per state, not once per viewer: when a session ends every one of its viewers gets the
// debrief, and scoring it seventeen times was a third of the server's work at a burst's end.
const debriefs = new WeakMap<SessionState, { deps: readonly unknown[]; value: DebriefSummary }>();
const predictionParts = new WeakMap<SessionState, { deps: readonly unknown[]; value: PredictionScore[] }>();

export function view(s: SessionState, viewer: Viewer, opts: ViewOptions = {}): SessionView {
  const c = s.caseFile;
  if (!c) throw new Error('view of an empty session');
  const vars = s.variables;
  const t = (text: string) => interpolate(text, vars);
  const me = viewer.kind === 'participant' ? s.participants[viewer.participantId] : undefined;
  if (viewer.kind === 'participant' && !me) throw new Error('unknown participant');
  const myRole = me ? s.rounds[s.round]?.[me.id] : undefined;
  const isTrainer = viewer.kind === 'trainer';
  const roleCard = (id: string): RoleCard => {
    const r = c.roles.find((x) => x.id === id)!;
    return { id: r.id, name: t(r.name), side: r.side, description: t(r.description) };
  };
  const assignments = s.rounds[s.round] ?? {};
  const part = <K extends object, V extends object>(cache: WeakMap<K, { deps: readonly unknown[]; value: V }>, key: K, deps: readonly unknown[], make: () => V): V =>
    opts.cache === false ? make() : memoPart(cache, key, deps, make);

  const stepView = (run: StepRun): StepView => {
    const step = stepById(c, run.stepId);
    const identity: IdentityLevel = step.identity ?? (step.type === 'decision' && step.mode !== 'each' ? 'named' : 'trainer');
    const v: StepView = {
      key: run.key,
      id: step.id,
      sceneId: run.sceneId,
      type: step.type,
      prompt: t(step.prompt),
      identity,
      status: run.status,
      deadline: run.deadline,
      remaining: run.remaining,
      eligibleCount: run.eligible.filter((p) => !s.participants[p]?.removed).length,
      answeredCount: Object.keys(run.answers).length,
    };
    if (step.type === 'decision') {
      v.options = step.options.map((o) => ({ id: o.id, label: t(o.label), ...(o.description ? { description: t(o.description) } : {}) }));
      v.mode = step.mode;
      if (step.chair) v.chair = step.chair;
    }
    if (step.type === 'prediction') {
      const target = stepById(c, step.predicts);
      if (target.type === 'decision') v.options = target.options.map((o) => ({ id: o.id, label: t(o.label) }));
      v.predicts = { stepId: target.id, prompt: t(target.prompt) };
    }
    if (step.type === 'ranking') v.items = step.items.map((i) => ({ id: i.id, label: t(i.label) }));
    if (step.type === 'scale') v.scale = { min: step.min, max: step.max, minLabel: t(step.minLabel), maxLabel: t(step.maxLabel) };
    if (step.type === 'reflection') v.theme = step.theme;
    if (isTrainer) {
      v.answeredBy = answeredBy(run);
      v.waitingFor = waitingFor(s, run);
      v.missing = run.missing;
      v.closeReason = run.closeReason;
      if (step.type === 'decision') v.trainerDecides = step.mode === 'group' ? step.chair === 'trainer' || holdersOf(s, step.chair!, run.round).length === 0 : run.eligible.length === 0;
    }
    if (me) {
      const own = run.answers[me.id];
      const chairRole = step.type === 'decision' && step.mode === 'group' ? step.chair : undefined;
      v.mine = { eligible: run.eligible.includes(me.id), answer: own ? own.answer : null, mayChair: !!chairRole && chairRole === (s.rounds[run.round]?.[me.id] ?? null) };
    }
    const visibleToViewer = isTrainer ? run.status !== 'open' : run.status === 'revealed';
    if (visibleToViewer) {
      const answers: NonNullable<StepView['results']>['answers'] = [];
      for (const pid of run.eligible.concat(Object.keys(run.answers).filter((p) => !run.eligible.includes(p)))) {
        const a = run.answers[pid];
        if (!a) continue;
        const hidden = !!run.hidden[pid];
        if (hidden && !isTrainer) continue;
        const named = identity === 'named' || (a.answer.kind === 'text' && a.answer.named === true);
        const showName = named || (isTrainer && identity === 'trainer');
        // Free text goes to the projector only after moderation rules: hidden answers are dropped above.
        if (a.answer.kind === 'text' || step.type === 'ranking' || step.type === 'scale' || isTrainer || named) {
          answers.push({
            ...(showName ? { participantId: pid, name: s.participants[pid]?.name ?? pid } : {}),
            answer: a.answer,
            source: a.source,
            ...(isTrainer && hidden ? { hidden: true } : {}),
            ...(isTrainer ? { ref: answerRef(s.seed, run.key, pid) } : {}),
          });
        }
      }
      const tally = tallyOf(v.options ?? [], run);
      const unnamed = identity === 'anonymous' ? answers.map(({ participantId: _p, name: _n, ...rest }) => rest) : answers;
      // Only the trainer may see answers in an order that follows who gave them.
      v.results = { tally, outcome: run.outcome, answers: isTrainer && identity !== 'anonymous' ? unnamed : seededOrder(unnamed, s.seed, run.key) };
    }
    return v;
  };

  const current = currentRun(s);
  const scene = s.sceneId ? c.scenes.find((x) => x.id === s.sceneId) : undefined;
  const visibleInject = (id: string) => {
    const inj = c.injects?.find((i) => i.id === id);
    if (!inj) return false;
    if (!inj.to) return true;
    if (isTrainer) return true;
    return !!myRole && inj.to.includes(myRole);
  };
  const out: SessionView = {
    viewer: viewer.kind,
    seq: s.seq,
    status: s.status,
    title: s.title ?? t(c.title),
    case: part(caseParts, vars, [c], () => ({ id: c.id, title: t(c.title), summary: t(c.summary), setting: c.setting, themes: [...c.themes], roles: c.roles.map((r) => roleCard(r.id)) })),
    variables: part(variableParts, vars, [], () => ({ ...vars })),
    paused: s.paused,
    round: s.round,
    participants: part(participantParts, s.participants, [s.order, s.rounds[s.round]], () =>
      activeIds(s).map((id) => {
        const p = s.participants[id]!;
        return { id, name: p.name, side: p.side, connected: p.connected, roleId: assignments[id] ?? null };
      }),
    ),
    history: s.steps.filter((r) => r.key !== s.current).map((run) => {
      if (opts.cache === false) return stepView(run);
      const who = viewer.kind === 'participant' ? `p:${viewer.participantId}` : viewer.kind;
      let byViewer = historyViews.get(run);
      if (!byViewer) historyViews.set(run, (byViewer = new Map()));
      const hit = byViewer.get(who);
      if (hit && hit.participants === s.participants && hit.rounds === s.rounds && hit.order === s.order) return hit.view;
      const v = shared(stepView(run));
      byViewer.set(who, { participants: s.participants, rounds: s.rounds, order: s.order, view: v });
      return v;
    }),
    indicators: part(indicatorParts, isTrainer ? s.indicators : s.publicIndicators, [c, vars], () =>
      Object.entries(isTrainer ? s.indicators : s.publicIndicators).map(([id, value]) => {
        const label = c.indicators?.find((i) => i.id === id)?.label;
        return label ? { id, label: t(label), value } : { id, value };
      }),
    ),
    consequences: part(consequenceParts, s.landed, [c, vars], () =>
      s.landed.map((l) => {
        const step = stepById(c, l.stepId);
        const later = step.type === 'decision' ? step.options.find((o) => o.id === l.optionId)?.later?.[l.index] : undefined;
        return { ...(later?.label ? { label: t(later.label) } : {}), text: later ? t(later.text) : '', at: l.at };
      }),
    ),
    injects: s.injects.filter((i) => visibleInject(i.injectId)).map((i) => {
      const inj = c.injects!.find((x) => x.id === i.injectId)!;
      return { id: inj.id, title: t(inj.title), text: t(inj.text), at: i.at };
    }),
    feedback: s.feedback.filter((f) => isTrainer || (me && f.participantId === me.id)).map((f) => ({ participantId: f.participantId, text: f.text, at: f.at, sceneId: f.sceneId })),
  };
  if (scene) {
    const sceneView = () => {
      const v: NonNullable<SessionView['scene']> = { id: scene.id, title: t(scene.title), narrative: t(scene.narrative) };
      if (isTrainer && scene.private) v.privateByRole = Object.fromEntries(Object.entries(scene.private).map(([k, x]) => [k, t(x)]));
      if (myRole && scene.private?.[myRole]) v.private = t(scene.private[myRole]);
      return v;
    };
    out.scene = me
      ? part(participantSceneParts, me, [scene, vars, myRole], sceneView)
      : part(isTrainer ? trainerSceneParts : projectorSceneParts, vars, [scene], sceneView);
  }
  if (current) out.step = stepView(current);
  if (me) {
    const role = myRole ? c.roles.find((r) => r.id === myRole) : undefined;
    out.me = part(meParts, me, [role, c, vars, s.rounds, s.round], () => ({
      id: me.id,
      name: me.name,
      side: me.side,
      role: role ? { ...roleCard(role.id), briefing: t(role.briefing) } : null,
      earlierRoles: s.rounds.slice(0, s.round).map((r) => r[me.id]).filter((x): x is string => !!x),
    }));
    const revealedTargets = new Set(s.steps.filter((r) => r.status === 'revealed' || s.status === 'ended').map((r) => r.stepId));
    out.myPredictions = part(predictionParts, s, [], () => predictionScores(s))
      .filter((p) => p.participantId === me.id && revealedTargets.has(p.targetStepId))
      .map((p) => ({ predictionStepId: p.predictionStepId, correct: p.correct, round: p.round }));
  }
  if (isTrainer) out.injectMenu = part(injectMenuParts, vars, [c], () => (c.injects ?? []).map((i) => ({ id: i.id, title: t(i.title), text: t(i.text), to: i.to ?? null })));
  if (s.status === 'ended') {
    const ending = s.endingId ? c.endings.find((e) => e.id === s.endingId) : undefined;
    out.ending = ending ? { id: ending.id, title: t(ending.title), text: t(ending.text) } : null;
  }
  if (isTrainer || s.status === 'ended') out.debrief = restrictDebrief(part(debriefs, s, [], () => debrief(s)), viewer);
  return out;
}

/** Trainer only: who answered a step (not what). Shared with the answer patch so both say the same. */
export function answeredBy(run: StepRun): ParticipantId[] {
  return Object.keys(run.answers);
}

/** Trainer only: who the step still waits for. */
export function waitingFor(s: SessionState, run: StepRun): ParticipantId[] {
  return run.eligible.filter((p) => !run.answers[p] && !s.participants[p]?.removed);
}

/** Participants and the projector see group figures; personal figures only their own. */
export function restrictDebrief(d: DebriefSummary, viewer: Viewer): DebriefSummary {
  if (viewer.kind === 'trainer') return d;
  const mine = viewer.kind === 'participant' ? viewer.participantId : null;
  const only = <T>(rec: Record<string, T>) => (mine && rec[mine] ? { [mine]: rec[mine]! } : {});
  // A side of one person would be that person's profile.
  const sideSizes: Record<string, number> = {};
  for (const side of Object.values(d.participantSides)) sideSizes[side] = (sideSizes[side] ?? 0) + 1;
  return {
    ...d,
    sideProfiles: Object.fromEntries(Object.entries(d.sideProfiles).filter(([side]) => (sideSizes[side] ?? 0) > 1)),
    participantSides: only(d.participantSides),
    participantProfiles: only(d.participantProfiles),
    predictions: d.predictions.filter((p) => p.participantId === mine),
    accuracy: { ...d.accuracy, perParticipant: only(d.accuracy.perParticipant) },
  };
}

/** A fixed order per step that follows neither who answered first nor the order people joined in. */
function seededOrder<T>(xs: T[], seed: number, key: string): T[] {
  return shuffle(xs, keyedRandom(seed, `order:${key}`));
}

function tallyOf(options: { id: string }[], run: StepRun): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const o of options) tally[o.id] = 0;
  for (const a of Object.values(run.answers)) if (a.answer.kind === 'option' && Object.hasOwn(tally, a.answer.optionId)) tally[a.answer.optionId]!++;
  return tally;
}
