/**
 * Folds one event into the state. Pure and total: it never refuses (decide already did), and
 * it copies only the branches it changes, so a replay of a few hundred events stays cheap.
 */
import { GOVERNMENT_ROLES } from '../case/vocabulary.js';
import type { Option } from '../case/schema.js';
import { clampIndicator, eligibleFor, initialIndicators, stepById } from './rules.js';
import type { SessionEvent, SessionState, StepRun } from './types.js';

export function initialState(): SessionState {
  return {
    status: 'empty',
    caseFile: null,
    title: null,
    variables: {},
    seed: 0,
    createdAt: 0,
    participants: {},
    order: [],
    round: 0,
    rounds: [],
    sceneId: null,
    sceneHistory: [],
    stepIndex: 0,
    steps: [],
    current: null,
    outcomes: {},
    indicators: {},
    profiles: {},
    transitions: 0,
    pending: [],
    landed: [],
    injects: [],
    feedback: [],
    paused: false,
    endingId: null,
    endedAt: null,
    indicatorHistory: [],
    seq: 0,
  };
}

export function replay(events: readonly SessionEvent[]): SessionState {
  let s = initialState();
  for (const e of events) s = evolve(s, e);
  return s;
}

function updateRun(s: SessionState, key: string, f: (r: StepRun) => StepRun): StepRun[] {
  return s.steps.map((r) => (r.key === key ? f(r) : r));
}

function applyEffects(s: SessionState, effects: Record<string, number> | undefined): Record<string, number> {
  if (!effects) return s.indicators;
  const out = { ...s.indicators };
  for (const [k, d] of Object.entries(effects)) out[k] = clampIndicator(s.caseFile!, k, (out[k] ?? 0) + d);
  return out;
}

function addProfile(profile: Record<string, number> | undefined, effects: Record<string, number> | undefined): Record<string, number> {
  const out: Record<string, number> = { ...(profile ?? {}) };
  for (const g of GOVERNMENT_ROLES) out[g] = (out[g] ?? 0) + (effects?.[g] ?? 0);
  return out;
}

export function evolve(state: SessionState, e: SessionEvent): SessionState {
  const s: SessionState = { ...state, seq: state.seq + 1 };
  switch (e.type) {
    case 'session-created':
      return Object.assign(s, {
        status: 'lobby',
        caseFile: e.case,
        title: e.title ?? null,
        variables: e.variables,
        seed: e.seed,
        createdAt: e.at,
        rounds: [{}],
        indicators: initialIndicators(e.case),
      });
    case 'participant-joined':
      return Object.assign(s, {
        participants: { ...s.participants, [e.participantId]: { id: e.participantId, name: e.name, side: e.side, joinedAt: e.at, removed: false, connected: true } },
        order: [...s.order, e.participantId],
      });
    case 'side-chosen':
      return Object.assign(s, { participants: { ...s.participants, [e.participantId]: { ...s.participants[e.participantId]!, side: e.side } } });
    case 'participant-renamed':
      return Object.assign(s, { participants: { ...s.participants, [e.participantId]: { ...s.participants[e.participantId]!, name: e.name } } });
    case 'participant-removed': {
      const rounds = s.rounds.map((r, i) => {
        if (i !== s.round || !(e.participantId in r)) return r;
        const { [e.participantId]: _gone, ...rest } = r;
        return rest;
      });
      return Object.assign(s, {
        rounds,
        participants: { ...s.participants, [e.participantId]: { ...s.participants[e.participantId]!, removed: true, connected: false } },
        steps: s.current ? updateRun(s, s.current, (r) => (r.status === 'open' ? { ...r, eligible: r.eligible.filter((p) => p !== e.participantId || p in r.answers) } : r)) : s.steps,
      });
    }
    case 'connection-changed':
      return Object.assign(s, { participants: { ...s.participants, [e.participantId]: { ...s.participants[e.participantId]!, connected: e.connected } } });
    case 'roles-assigned': {
      const rounds = [...s.rounds];
      rounds[e.round] = e.assignments;
      const next: SessionState = { ...s, rounds, round: e.round };
      if (e.how === 'hand-over' && next.current) {
        // The open step follows the seat: whoever holds an eligible role now may answer.
        const run = next.steps.find((r) => r.key === next.current)!;
        if (run.status === 'open') {
          const eligible = eligibleFor(next, stepById(next.caseFile!, run.stepId));
          next.steps = updateRun(next, run.key, (r) => ({ ...r, eligible: [...new Set([...Object.keys(r.answers), ...eligible])] }));
        }
      }
      return next;
    }
    case 'session-started':
      return Object.assign(s, { status: 'running' });
    case 'scene-entered':
      return Object.assign(s, {
        sceneId: e.sceneId,
        sceneHistory: [...s.sceneHistory, e.sceneId],
        stepIndex: -1,
        current: null,
        transitions: s.sceneHistory.length === 0 ? 0 : s.transitions + 1,
        indicatorHistory: [...s.indicatorHistory, { sceneId: e.sceneId, values: s.indicators }],
      });
    case 'step-opened': {
      const step = stepById(s.caseFile!, e.stepId);
      const run: StepRun = {
        key: e.stepKey,
        stepId: e.stepId,
        sceneId: s.sceneId!,
        round: s.round,
        status: 'open',
        openedAt: e.at,
        deadline: e.deadline,
        remaining: e.deadline === null && s.paused && step.timer ? step.timer * 1000 : null,
        eligible: eligibleFor(s, step),
        answers: {},
        closeReason: null,
        missing: [],
        outcome: null,
        outcomeBy: null,
        hidden: {},
      };
      return Object.assign(s, { steps: [...s.steps, run], current: e.stepKey, stepIndex: s.stepIndex + 1 });
    }
    case 'answer-given':
      return Object.assign(s, {
        steps: updateRun(s, e.stepKey, (r) => ({
          ...r,
          answers: { ...r.answers, [e.participantId]: { answer: e.answer, at: e.at, source: e.source } },
          eligible: r.eligible.includes(e.participantId) || e.source === 'chair' ? r.eligible : [...r.eligible, e.participantId],
        })),
      });
    case 'step-closed':
      return Object.assign(s, { steps: updateRun(s, e.stepKey, (r) => ({ ...r, status: 'closed', closeReason: e.reason, missing: e.missing, deadline: null, remaining: null })) });
    case 'decision-resolved': {
      const step = stepById(s.caseFile!, e.stepId);
      if (step.type !== 'decision') return s;
      const option = step.options.find((o) => o.id === e.optionId)!;
      const run = s.steps.find((r) => r.key === e.stepKey)!;
      const profiles = { ...s.profiles };
      if (step.mode === 'group') {
        for (const pid of Object.keys(s.participants)) if (!s.participants[pid]!.removed && s.rounds[run.round]?.[pid]) profiles[pid] = addProfile(profiles[pid], option.effects);
      } else {
        for (const [pid, a] of Object.entries(run.answers)) {
          // The trainer standing in for an empty role has no profile.
          if (a.answer.kind !== 'option' || a.source === 'chair') continue;
          const own: Option | undefined = step.options.find((o) => o.id === (a.answer as { optionId: string }).optionId);
          profiles[pid] = addProfile(profiles[pid], own?.effects);
        }
      }
      return Object.assign(s, {
        profiles,
        indicators: applyEffects(s, option.effects),
        outcomes: { ...s.outcomes, [e.stepId]: e.optionId },
        pending: [...s.pending, ...(option.later ?? []).map((l, index) => ({ stepId: e.stepId, optionId: e.optionId, index, dueAt: s.transitions + l.after }))],
        steps: updateRun(s, e.stepKey, (r) => ({ ...r, outcome: e.optionId, outcomeBy: e.by })),
      });
    }
    case 'step-revealed':
      return Object.assign(s, { steps: updateRun(s, e.stepKey, (r) => ({ ...r, status: 'revealed' })) });
    case 'consequence-landed': {
      const step = stepById(s.caseFile!, e.stepId);
      const later = step.type === 'decision' ? step.options.find((o) => o.id === e.optionId)?.later?.[e.index] : undefined;
      return Object.assign(s, {
        indicators: applyEffects(s, later?.effects),
        pending: s.pending.filter((p) => !(p.stepId === e.stepId && p.optionId === e.optionId && p.index === e.index)),
        landed: [...s.landed, { stepId: e.stepId, optionId: e.optionId, index: e.index, at: e.at }],
      });
    }
    case 'inject-fired': {
      const inject = s.caseFile!.injects?.find((i) => i.id === e.injectId);
      return Object.assign(s, { indicators: applyEffects(s, inject?.effects), injects: [...s.injects, { injectId: e.injectId, at: e.at }] });
    }
    case 'feedback-written':
      return Object.assign(s, { feedback: [...s.feedback, { participantId: e.participantId, text: e.text, at: e.at, sceneId: e.sceneId, stepKey: e.stepKey }] });
    case 'answer-moderated':
      return Object.assign(s, {
        steps: updateRun(s, e.stepKey, (r) => {
          const hidden = { ...r.hidden };
          if (e.visible) delete hidden[e.participantId];
          else hidden[e.participantId] = true;
          return { ...r, hidden };
        }),
      });
    case 'paused':
      return Object.assign(s, {
        paused: true,
        steps: s.current ? updateRun(s, s.current, (r) => (r.deadline !== null ? { ...r, remaining: Math.max(0, r.deadline - e.at), deadline: null } : r)) : s.steps,
      });
    case 'resumed':
      return Object.assign(s, {
        paused: false,
        steps: s.current ? updateRun(s, s.current, (r) => (r.remaining !== null ? { ...r, deadline: e.at + r.remaining, remaining: null } : r)) : s.steps,
      });
    case 'timer-extended':
      return Object.assign(s, { steps: s.current ? updateRun(s, s.current, (r) =>
            r.remaining !== null ? { ...r, remaining: r.remaining + e.extraMs } : r.deadline !== null ? { ...r, deadline: r.deadline + e.extraMs } : r,
          ) : s.steps });
    case 'session-ended':
      return Object.assign(s, { status: 'ended', endingId: e.endingId, endedAt: e.at, current: null });
  }
}
