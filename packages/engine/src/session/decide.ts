/**
 * decide(state, command, actor, now) → events or a typed refusal. The only place where the
 * rules of play live. Follow-ups that must happen in the same breath (closing a step when the
 * last player answers, landing delayed consequences on a scene change) are emitted here too,
 * each as its own event, so the log says exactly what happened and why.
 */
import type { CaseFile, DecisionStep, Step } from '../case/schema.js';
import { PERSON_SIDES } from '../case/vocabulary.js';
import { keyedRandom } from '../random.js';
import { evolve } from './evolve.js';
import {
  activeIds,
  answerRef,
  autoAssign,
  currentRun,
  eligibleFor,
  holdersOf,
  isEnding,
  majority,
  missingEssentialRoles,
  nextTarget,
  roleOf,
  sceneById,
  seatsOf,
  stepById,
  totalSeats,
} from './rules.js';
import type { Actor, Answer, Command, Decision, Refusal, RefusalCode, SessionEvent, SessionState, StepRun } from './types.js';

const TRAINER_ONLY = new Set<Command['type']>([
  'create', 'rename', 'remove', 'assign-roles', 'start', 'close-step', 'reveal-step', 'advance', 'extend-timer',
  'pause', 'resume', 'fire-inject', 'write-feedback', 'moderate', 'hand-over', 'switch-perspectives', 'end',
]);
const SYSTEM_ONLY = new Set<Command['type']>(['set-connected', 'timer-expired']);

const refuse = (code: RefusalCode, detail?: Refusal['detail']): Decision => ({ ok: false, refusal: { code, detail } });

export const MAX_NAME = 40;
export const MAX_TEXT = 2000;

class Emitter {
  readonly events: SessionEvent[] = [];
  constructor(public state: SessionState) {}
  emit(e: SessionEvent) {
    this.events.push(e);
    this.state = evolve(this.state, e);
  }
}

export function decide(state: SessionState, command: Command, actor: Actor, now: number): Decision {
  if (TRAINER_ONLY.has(command.type) && actor.kind !== 'trainer' && actor.kind !== 'system') return refuse('not-allowed');
  if (SYSTEM_ONLY.has(command.type) && actor.kind !== 'system') return refuse('not-allowed');
  if (command.type === 'create') {
    if (state.status !== 'empty') return refuse('already-created');
    const created = new Emitter(state);
    created.emit({ type: 'session-created', at: now, case: command.case, variables: command.variables, seed: command.seed, title: command.title });
    return ok(created);
  }
  if (state.status === 'empty') return refuse('not-created');
  if (state.status === 'ended') return refuse('session-ended');
  const c = state.caseFile!;
  const out = new Emitter(state);

  switch (command.type) {
    case 'join': {
      if (actor.kind === 'participant' && actor.participantId !== command.participantId) return refuse('not-allowed');
      const name = command.name.trim().replace(/\s+/g, ' ');
      if (!name) return refuse('name-empty');
      if (name.length > MAX_NAME) return refuse('invalid-answer', { field: 'name', max: MAX_NAME });
      if (!PERSON_SIDES.includes(command.side)) return refuse('invalid-answer', { field: 'side' });
      if (state.participants[command.participantId]) return refuse('already-answered');
      const taken = activeIds(state).some((id) => state.participants[id]!.name.toLocaleLowerCase('nl') === name.toLocaleLowerCase('nl'));
      if (taken) return refuse('name-taken', { name });
      if (activeIds(state).length >= totalSeats(c)) return refuse('session-full', { max: totalSeats(c) });
      out.emit({ type: 'participant-joined', at: now, participantId: command.participantId, name, side: command.side });
      return ok(out);
    }
    case 'choose-side': {
      // A person may change the side they come from until roles are handed out.
      if (actor.kind === 'participant' && actor.participantId !== command.participantId) return refuse('not-allowed');
      const p = state.participants[command.participantId];
      if (!p || p.removed) return refuse('unknown-participant');
      if (!PERSON_SIDES.includes(command.side)) return refuse('invalid-answer', { field: 'side' });
      if (state.status !== 'lobby') return refuse('already-started');
      if (p.side !== command.side) out.emit({ type: 'side-chosen', at: now, participantId: p.id, side: command.side });
      return ok(out);
    }
    case 'rename': {
      const p = state.participants[command.participantId];
      if (!p || p.removed) return refuse('unknown-participant');
      const name = command.name.trim().replace(/\s+/g, ' ');
      if (!name) return refuse('name-empty');
      if (name.length > MAX_NAME) return refuse('invalid-answer', { field: 'name', max: MAX_NAME });
      if (activeIds(state).some((id) => id !== p.id && state.participants[id]!.name.toLocaleLowerCase('nl') === name.toLocaleLowerCase('nl'))) return refuse('name-taken', { name });
      out.emit({ type: 'participant-renamed', at: now, participantId: p.id, name });
      return ok(out);
    }
    case 'remove': {
      const p = state.participants[command.participantId];
      if (!p || p.removed) return refuse('unknown-participant');
      out.emit({ type: 'participant-removed', at: now, participantId: p.id });
      maybeCloseWhenComplete(out, now);
      return ok(out);
    }
    case 'set-connected': {
      const p = state.participants[command.participantId];
      if (!p || p.removed) return refuse('unknown-participant');
      if (p.connected === command.connected) return ok(out);
      out.emit({ type: 'connection-changed', at: now, participantId: p.id, connected: command.connected });
      if (!command.connected) maybeCloseWhenComplete(out, now);
      return ok(out);
    }
    case 'assign-roles': {
      if (command.assignments) {
        for (const [pid, roleId] of Object.entries(command.assignments)) {
          if (!state.participants[pid] || state.participants[pid]!.removed) return refuse('unknown-participant', { participantId: pid });
          if (!c.roles.some((r) => r.id === roleId)) return refuse('unknown-role', { roleId });
        }
        const full = c.roles.find((r) => Object.entries(command.assignments!).filter(([pid, id]) => id === r.id && !state.participants[pid]!.removed).length > seatsOf(c, r.id).max);
        if (full) return refuse('seats-exceeded', { roleId: full.id, max: seatsOf(c, full.id).max });
        if (state.status === 'running') {
          const missing = missingEssentialRoles(state, command.assignments);
          if (missing.length > 0) return refuse('roles-incomplete', { roles: missing.join(', ') });
        }
        out.emit({ type: 'roles-assigned', at: now, round: state.round, assignments: { ...command.assignments }, how: 'manual' });
      } else {
        if (activeIds(state).length === 0) return refuse('no-participants');
        // Before the start everybody is (re)assigned; later only newcomers get a seat.
        const keep = state.status === 'running' ? (state.rounds[state.round] ?? {}) : {};
        out.emit({ type: 'roles-assigned', at: now, round: state.round, assignments: autoAssign(state, state.round, keep), how: 'auto' });
      }
      return ok(out);
    }
    case 'start': {
      if (state.status !== 'lobby') return refuse('already-started');
      const active = activeIds(state);
      if (active.length === 0) return refuse('no-participants');
      let assignments = state.rounds[0] ?? {};
      if (active.some((id) => !assignments[id])) {
        assignments = autoAssign(state, 0, Object.fromEntries(Object.entries(assignments).filter(([id]) => active.includes(id))));
        out.emit({ type: 'roles-assigned', at: now, round: 0, assignments, how: 'auto' });
      }
      const missing = missingEssentialRoles(out.state, assignments);
      if (missing.length > 0) return refuse('roles-incomplete', { roles: missing.join(', ') });
      out.emit({ type: 'session-started', at: now });
      enterScene(out, c.start ?? c.scenes[0]!.id, now);
      return ok(out);
    }
    case 'answer': {
      if (state.status !== 'running') return refuse('session-not-running');
      const pid = actor.kind === 'participant' ? actor.participantId : command.participantId;
      const run = currentRun(state);
      if (!run || run.stepId !== command.stepId) return refuse('not-current-step', { stepId: command.stepId });
      if (run.status !== 'open') return refuse('step-not-open');
      const step = stepById(c, run.stepId);
      const chairing = step.type === 'decision' && step.mode === 'group';
      if (chairing) {
        const chair = step.chair!;
        // Nobody in the group holds the chair role: the trainer chairs instead.
        const trainerChairs = chair === 'trainer' || holdersOf(state, chair).length === 0;
        const mayChair = trainerChairs ? actor.kind === 'trainer' : actor.kind === 'participant' && roleOf(state, actor.participantId) === chair;
        if (!mayChair && actor.kind !== 'system') return refuse('not-your-step');
        const key = actor.kind === 'participant' ? actor.participantId : 'trainer';
        const bad = validateAnswer(c, step, command.answer);
        if (bad) return bad;
        if (Object.keys(run.answers).length > 0) return refuse('already-answered');
        out.emit({ type: 'answer-given', at: now, stepKey: run.key, participantId: key, answer: command.answer, source: 'chair' });
        closeStep(out, 'all-answered', now);
        return ok(out);
      }
      if (step.type === 'decision' && run.eligible.length === 0 && actor.kind === 'trainer') {
        // Nobody holds the deciding role in this group: the trainer decides for it.
        const bad = validateAnswer(c, step, command.answer);
        if (bad) return bad;
        if (Object.keys(run.answers).length > 0) return refuse('already-answered');
        out.emit({ type: 'answer-given', at: now, stepKey: run.key, participantId: 'trainer', answer: command.answer, source: 'chair' });
        closeStep(out, 'all-answered', now);
        return ok(out);
      }
      if (!pid) return refuse('unknown-participant');
      if (actor.kind === 'trainer' && !state.participants[pid]) return refuse('unknown-participant');
      if (!run.eligible.includes(pid)) return refuse('not-your-step');
      if (run.answers[pid]) return refuse('already-answered');
      const bad = validateAnswer(c, step, command.answer);
      if (bad) return bad;
      out.emit({ type: 'answer-given', at: now, stepKey: run.key, participantId: pid, answer: normaliseAnswer(command.answer), source: 'player' });
      maybeCloseWhenComplete(out, now);
      return ok(out);
    }
    case 'close-step': {
      const run = currentRun(state);
      if (!run || run.status !== 'open') return refuse('step-not-open');
      closeStep(out, 'trainer', now);
      return ok(out);
    }
    case 'reveal-step': {
      const run = currentRun(state);
      if (!run) return refuse('step-not-closed');
      if (run.status === 'open') closeStep(out, 'trainer', now);
      else if (run.status === 'revealed') return refuse('step-not-closed');
      out.emit({ type: 'step-revealed', at: now, stepKey: run.key });
      return ok(out);
    }
    case 'advance': {
      if (state.status !== 'running') return refuse('session-not-running');
      const run = currentRun(state);
      if (run?.status === 'open') closeStep(out, 'advance', now);
      advance(out, now);
      return ok(out);
    }
    case 'timer-expired': {
      const run = currentRun(state);
      if (!run || run.key !== command.stepKey || run.status !== 'open') return refuse('step-not-open');
      if (state.paused) return refuse('paused');
      if (run.deadline === null || run.deadline > now) return refuse('timer-not-due');
      closeStep(out, 'timer', now);
      return ok(out);
    }
    case 'extend-timer': {
      const run = currentRun(state);
      if (!run || run.status !== 'open') return refuse('step-not-open');
      if (run.deadline === null && run.remaining === null) return refuse('no-timer');
      const seconds = Math.round(command.seconds);
      if (!(seconds >= 10 && seconds <= 3600)) return refuse('invalid-answer', { field: 'seconds', min: 10, max: 3600 });
      out.emit({ type: 'timer-extended', at: now, extraMs: seconds * 1000 });
      return ok(out);
    }
    case 'pause':
      if (state.paused) return refuse('paused');
      out.emit({ type: 'paused', at: now });
      return ok(out);
    case 'resume':
      if (!state.paused) return refuse('not-paused');
      out.emit({ type: 'resumed', at: now });
      return ok(out);
    case 'fire-inject': {
      if (state.status !== 'running') return refuse('session-not-running');
      if (!c.injects?.some((i) => i.id === command.injectId)) return refuse('unknown-inject', { injectId: command.injectId });
      out.emit({ type: 'inject-fired', at: now, injectId: command.injectId });
      return ok(out);
    }
    case 'write-feedback': {
      const p = state.participants[command.participantId];
      if (!p) return refuse('unknown-participant');
      const text = command.text.trim();
      if (!text) return refuse('text-empty');
      if (text.length > MAX_TEXT) return refuse('invalid-answer', { field: 'text', max: MAX_TEXT });
      out.emit({ type: 'feedback-written', at: now, participantId: p.id, text, sceneId: state.sceneId, stepKey: state.current });
      return ok(out);
    }
    case 'moderate': {
      const run = state.steps.find((r) => r.key === command.stepKey);
      const pid = run && Object.keys(run.answers).find((p) => answerRef(state.seed, run.key, p) === command.ref);
      if (!run || !pid) return refuse('unknown-participant');
      out.emit({ type: 'answer-moderated', at: now, stepKey: run.key, participantId: pid, visible: command.visible });
      return ok(out);
    }
    case 'hand-over': {
      const from = state.participants[command.from];
      const to = state.participants[command.to];
      if (!from || !to || to.removed || from.id === to.id) return refuse('unknown-participant');
      const assignments = { ...(state.rounds[state.round] ?? {}) };
      const role = assignments[from.id];
      if (!role) return refuse('unknown-role');
      if (assignments[to.id] && !state.participants[to.id]!.removed) return refuse('already-has-role', { participantId: to.id });
      // One seat, one answer: if the seat already answered the open step, hand over after it.
      const run = currentRun(state);
      if (run?.status === 'open' && run.answers[from.id]) return refuse('already-answered');
      delete assignments[from.id];
      assignments[to.id] = role;
      out.emit({ type: 'roles-assigned', at: now, round: state.round, assignments, how: 'hand-over' });
      return ok(out);
    }
    case 'switch-perspectives': {
      if (state.status !== 'running') return refuse('session-not-running');
      const round = state.round + 1;
      const assignments = autoAssign(state, round);
      const changed = activeIds(state).filter((id) => assignments[id] && assignments[id] !== state.rounds[state.round]?.[id]);
      if (changed.length === 0 || missingEssentialRoles(state, assignments).length > 0) return refuse('perspective-switch-impossible');
      out.emit({ type: 'roles-assigned', at: now, round, assignments, how: 'switch' });
      return ok(out);
    }
    case 'end': {
      const run = currentRun(state);
      if (run?.status === 'open') closeStep(out, 'trainer', now);
      out.emit({ type: 'session-ended', at: now, endingId: null });
      return ok(out);
    }
  }
}

function ok(out: Emitter): Decision {
  return { ok: true, events: out.events, state: out.state };
}

export function validateAnswer(c: CaseFile, step: Step, answer: Answer): Decision | null {
  const bad = (field: string) => refuse('invalid-answer', { field });
  switch (step.type) {
    case 'decision':
    case 'prediction': {
      if (answer.kind !== 'option') return bad('optionId');
      const options = step.type === 'decision' ? step.options : (stepById(c, step.predicts) as DecisionStep).options;
      return options.some((o) => o.id === answer.optionId) ? null : bad('optionId');
    }
    case 'ranking': {
      if (answer.kind !== 'ranking') return bad('order');
      const ids = step.items.map((i) => i.id);
      const same = answer.order.length === ids.length && new Set(answer.order).size === ids.length && answer.order.every((id) => ids.includes(id));
      return same ? null : bad('order');
    }
    case 'scale':
      if (answer.kind !== 'scale' || !Number.isInteger(answer.value) || answer.value < step.min || answer.value > step.max) return bad('value');
      return null;
    case 'reflection':
      if (answer.kind !== 'text' || !answer.text.trim()) return bad('text');
      if (answer.text.length > MAX_TEXT) return refuse('invalid-answer', { field: 'text', max: MAX_TEXT });
      return null;
    case 'discussion':
      return refuse('not-your-step');
  }
}

function normaliseAnswer(a: Answer): Answer {
  return a.kind === 'text' ? { kind: 'text', text: a.text.trim(), named: !!a.named } : a;
}

/** Closes the open step when everybody it waits for has answered. */
function maybeCloseWhenComplete(out: Emitter, now: number) {
  const run = currentRun(out.state);
  if (!run || run.status !== 'open' || out.state.status !== 'running') return;
  const step = stepById(out.state.caseFile!, run.stepId);
  if (step.type === 'discussion' || (step.type === 'decision' && step.mode === 'group')) return;
  const policy = step.dropout ?? 'wait';
  const waitingFor = run.eligible.filter((pid) => {
    const p = out.state.participants[pid]!;
    if (p.removed) return false;
    // 'handover' waits for the trainer to give the seat to someone; 'continue' and 'bot' go on without.
    return policy === 'wait' || policy === 'handover' ? true : p.connected;
  });
  if (waitingFor.length === 0) return;
  if (waitingFor.every((pid) => run.answers[pid])) closeStep(out, 'all-answered', now);
}

function closeStep(out: Emitter, reason: 'trainer' | 'all-answered' | 'timer' | 'advance', now: number) {
  const s = out.state;
  const run = currentRun(s)!;
  const c = s.caseFile!;
  const step = stepById(c, run.stepId);
  const policy = step.dropout ?? 'wait';
  let missing = run.eligible.filter((pid) => !run.answers[pid] && !s.participants[pid]!.removed);
  if (policy === 'bot' && step.type !== 'discussion' && !(step.type === 'decision' && step.mode === 'group')) {
    for (const pid of missing) {
      const answer = fallbackAnswer(out.state, run, step, pid);
      if (answer) out.emit({ type: 'answer-given', at: now, stepKey: run.key, participantId: pid, answer, source: 'bot' });
    }
    missing = missing.filter((pid) => !currentRunByKey(out.state, run.key).answers[pid]);
  }
  out.emit({ type: 'step-closed', at: now, stepKey: run.key, reason, missing, policy });
  if (step.type === 'decision') {
    const after = currentRunByKey(out.state, run.key);
    if (step.mode === 'group') {
      const chair = Object.values(after.answers)[0];
      if (chair && chair.answer.kind === 'option') {
        out.emit({ type: 'decision-resolved', at: now, stepKey: run.key, stepId: step.id, optionId: chair.answer.optionId, tally: { [chair.answer.optionId]: 1 }, by: 'chair' });
        return;
      }
    }
    const chosen = Object.values(after.answers).flatMap((a) => (a.answer.kind === 'option' ? [a.answer.optionId] : []));
    const m = majority(step, chosen, s.seed, run.key);
    out.emit({ type: 'decision-resolved', at: now, stepKey: run.key, stepId: step.id, optionId: m.optionId, tally: m.tally, by: m.by });
  }
}

function currentRunByKey(s: SessionState, key: string): StepRun {
  return s.steps.find((r) => r.key === key)!;
}

/** What a bot answers for a player who dropped out: a seeded, plain choice, marked as a bot's. */
function fallbackAnswer(s: SessionState, run: StepRun, step: Step, pid: string): Answer | null {
  const random = keyedRandom(s.seed, `bot:${run.key}:${pid}`);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  switch (step.type) {
    case 'decision':
      return { kind: 'option', optionId: pick(step.options).id };
    case 'prediction': {
      const target = stepById(s.caseFile!, step.predicts) as DecisionStep;
      return { kind: 'option', optionId: pick(target.options).id };
    }
    case 'ranking':
      return { kind: 'ranking', order: step.items.map((i) => i.id) };
    case 'scale':
      return { kind: 'scale', value: Math.round((step.min + step.max) / 2) };
    default:
      // A bot does not write a reflection in someone's name.
      return null;
  }
}

function advance(out: Emitter, now: number) {
  const s = out.state;
  const c = s.caseFile!;
  const scene = sceneById(c, s.sceneId!);
  const nextIndex = s.stepIndex + 1;
  if (nextIndex < scene.steps.length) {
    openStep(out, scene.steps[nextIndex]!, now);
    return;
  }
  // Consequences due at this transition land first: they may change where the story goes.
  const transitionsAfter = s.transitions + 1;
  for (const p of s.pending) if (p.dueAt <= transitionsAfter) out.emit({ type: 'consequence-landed', at: now, key: p.key, stepId: p.stepId, optionId: p.optionId, index: p.index });
  let target = nextTarget(out.state, scene);
  if (!target) {
    out.emit({ type: 'session-ended', at: now, endingId: null });
    return;
  }
  if (isEnding(c, target) && out.state.pending.length > 0) {
    // Whatever is still pending lands before the ending is settled: delayed consequences count.
    for (const p of out.state.pending) out.emit({ type: 'consequence-landed', at: now, key: p.key, stepId: p.stepId, optionId: p.optionId, index: p.index });
    target = nextTarget(out.state, scene) ?? target;
  }
  if (isEnding(c, target)) out.emit({ type: 'session-ended', at: now, endingId: target });
  else enterScene(out, target, now);
}

function enterScene(out: Emitter, sceneId: string, now: number) {
  out.emit({ type: 'scene-entered', at: now, sceneId });
  openStep(out, sceneById(out.state.caseFile!, sceneId).steps[0]!, now);
}

function openStep(out: Emitter, step: Step, now: number) {
  const key = `${out.state.sceneHistory.length}:${step.id}`;
  out.emit({ type: 'step-opened', at: now, stepKey: key, stepId: step.id, deadline: step.timer && !out.state.paused ? now + step.timer * 1000 : null });
}
