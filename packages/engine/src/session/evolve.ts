/**
 * Folds one event into the state. Pure and total: it never refuses (decide already did), and
 * it copies only the branches it changes, so a replay of a few hundred events stays cheap.
 */
import { GOVERNMENT_ROLES } from '../case/vocabulary.js';
import type { Option } from '../case/schema.js';
import { activeIds as activeIdsOf, clampIndicator, eligibleFor, initialIndicators, stepById } from './rules.js';
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
    publicIndicators: {},
    unrevealed: {},
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

function applyEffects(s: SessionState, values: Record<string, number>, effects: Record<string, number> | undefined): Record<string, number> {
  if (!effects) return values;
  const out = { ...values };
  for (const [k, d] of Object.entries(effects)) out[k] = clampIndicator(s.caseFile!, k, (out[k] ?? 0) + d);
  return out;
}

/** Makes the effects of unrevealed decisions public (on reveal, or when their scene is left). */
function publish(s: SessionState, keys: string[]): Pick<SessionState, 'publicIndicators' | 'unrevealed'> {
  let publicIndicators = s.publicIndicators;
  const unrevealed = { ...s.unrevealed };
  for (const k of keys) {
    if (!unrevealed[k]) continue;
    publicIndicators = applyEffects(s, publicIndicators, unrevealed[k]);
    delete unrevealed[k];
  }
  return { publicIndicators, unrevealed };
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
        publicIndicators: initialIndicators(e.case),
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
    case 'participant-removed':
      // The assignment stays in `rounds` as history; everything that counts seats skips removed people.
      return Object.assign(s, {
        participants: { ...s.participants, [e.participantId]: { ...s.participants[e.participantId]!, removed: true, connected: false } },
        steps: s.current ? updateRun(s, s.current, (r) => (r.status === 'open' ? { ...r, eligible: r.eligible.filter((p) => p !== e.participantId || p in r.answers) } : r)) : s.steps,
      });
    case 'connection-changed':
      return Object.assign(s, { participants: { ...s.participants, [e.participantId]: { ...s.participants[e.participantId]!, connected: e.connected } } });
    case 'roles-assigned': {
      const rounds = [...s.rounds];
      rounds[e.round] = e.assignments;
      const next = Object.assign(s, { rounds, round: e.round });
      if (next.current) {
        // An open step follows the new seats; whoever answered already keeps their answer.
        const run = next.steps.find((r) => r.key === next.current)!;
        if (run.status === 'open') {
          const eligible = eligibleFor(next, stepById(next.caseFile!, run.stepId));
          next.steps = updateRun(next, run.key, (r) => ({ ...r, round: e.round, eligible: [...new Set([...Object.keys(r.answers).filter((p) => r.answers[p]!.source !== 'chair'), ...eligible])] }));
        }
      }
      return next;
    }
    case 'session-started':
      return Object.assign(s, { status: 'running' });
    case 'scene-entered': {
      // Leaving a scene makes its outcomes public: the story goes on from them.
      const published = publish(s, Object.keys(s.unrevealed));
      return Object.assign(s, published, {
        sceneId: e.sceneId,
        sceneHistory: [...s.sceneHistory, e.sceneId],
        stepIndex: -1,
        current: null,
        transitions: s.sceneHistory.length === 0 ? 0 : s.transitions + 1,
        indicatorHistory: [...s.indicatorHistory, { sceneId: e.sceneId, values: s.indicators }],
      });
    }
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
          answers: { ...r.answers, [e.participantId]: { answer: e.answer, at: e.at, source: e.source, roleId: s.rounds[s.round]?.[e.participantId] ?? null } },
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
      // A profile is what a person wanted: not a bot's fill-in, not the coin, not an anonymous step.
      if (step.identity !== 'anonymous') {
        if (step.mode === 'group') {
          if (e.by === 'chair') for (const pid of activeIdsOf(s)) if (s.rounds[run.round]?.[pid]) profiles[pid] = addProfile(profiles[pid], option.effects);
        } else {
          for (const [pid, a] of Object.entries(run.answers)) {
            if (a.answer.kind !== 'option' || a.source !== 'player') continue;
            const chosen = a.answer.optionId;
            profiles[pid] = addProfile(profiles[pid], step.options.find((o) => o.id === chosen)?.effects);
          }
        }
      }
      return Object.assign(s, {
        profiles,
        indicators: applyEffects(s, s.indicators, option.effects),
        unrevealed: option.effects ? { ...s.unrevealed, [e.stepKey]: option.effects } : s.unrevealed,
        outcomes: { ...s.outcomes, [e.stepId]: e.optionId },
        pending: [...s.pending, ...(option.later ?? []).map((l, index) => ({ key: `${e.stepKey}#${index}`, stepId: e.stepId, optionId: e.optionId, index, dueAt: s.transitions + l.after }))],
        steps: updateRun(s, e.stepKey, (r) => ({ ...r, outcome: e.optionId, outcomeBy: e.by })),
      });
    }
    case 'step-revealed':
      return Object.assign(s, publish(s, [e.stepKey]), { steps: updateRun(s, e.stepKey, (r) => ({ ...r, status: 'revealed' })) });
    case 'consequence-landed': {
      const step = stepById(s.caseFile!, e.stepId);
      const later = step.type === 'decision' ? step.options.find((o) => o.id === e.optionId)?.later?.[e.index] : undefined;
      return Object.assign(s, {
        indicators: applyEffects(s, s.indicators, later?.effects),
        publicIndicators: applyEffects(s, s.publicIndicators, later?.effects),
        pending: s.pending.filter((p) => p.key !== e.key),
        landed: [...s.landed, { stepId: e.stepId, optionId: e.optionId, index: e.index, at: e.at }],
      });
    }
    case 'inject-fired': {
      const inject = s.caseFile!.injects?.find((i) => i.id === e.injectId);
      return Object.assign(s, {
        indicators: applyEffects(s, s.indicators, inject?.effects),
        publicIndicators: applyEffects(s, s.publicIndicators, inject?.effects),
        injects: [...s.injects, { injectId: e.injectId, at: e.at }],
      });
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
      return Object.assign(s, publish(s, Object.keys(s.unrevealed)), { status: 'ended', endingId: e.endingId, endedAt: e.at, current: null });
  }
}
