/**
 * Scoring for the debrief: the four-government-roles profile (per participant, per side, group),
 * alliance movements, and perspective-taking accuracy before and after the perspective switch.
 * Derived from state only, so every report is a pure function of the log.
 */
import { ALLIANCES, GOVERNMENT_ROLES, type PersonSide } from '../case/vocabulary.js';
import { stepById } from '../session/rules.js';
import type { ParticipantId, SessionState } from '../session/types.js';

export type Profile = Record<(typeof GOVERNMENT_ROLES)[number], number>;

export interface PredictionScore {
  participantId: ParticipantId;
  round: number;
  predictionStepId: string;
  targetStepId: string;
  predicted: string;
  actual: string;
  correct: boolean;
  /** From an anonymous step: counts for the group, never for a person. */
  anonymous: boolean;
}

export interface Accuracy {
  correct: number;
  total: number;
  /** 0..1, or null when nothing was predicted. */
  rate: number | null;
}

export interface DebriefSummary {
  groupProfile: Profile;
  sideProfiles: Partial<Record<PersonSide, Profile>>;
  participantProfiles: Record<ParticipantId, Profile>;
  participantSides: Record<ParticipantId, PersonSide>;
  alliances: { id: string; start: number; end: number; history: number[] }[];
  indicators: { id: string; start: number; end: number }[];
  predictions: PredictionScore[];
  accuracy: {
    group: Accuracy;
    beforeSwitch: Accuracy;
    afterSwitch: Accuracy;
    perParticipant: Record<ParticipantId, { before: Accuracy; after: Accuracy; all: Accuracy }>;
  };
  timeline: { stepKey: string; stepId: string; sceneId: string; optionId: string; by: string; tally: Record<string, number> }[];
  endingId: string | null;
}

const emptyProfile = (): Profile => ({ rechtmatig: 0, presterend: 0, netwerkend: 0, responsief: 0 });

function addTo(p: Profile, q: Record<string, number> | undefined): Profile {
  for (const g of GOVERNMENT_ROLES) p[g] += q?.[g] ?? 0;
  return p;
}

function accuracy(scores: PredictionScore[]): Accuracy {
  const correct = scores.filter((s) => s.correct).length;
  return { correct, total: scores.length, rate: scores.length ? correct / scores.length : null };
}

export function predictionScores(s: SessionState): PredictionScore[] {
  const c = s.caseFile!;
  const out: PredictionScore[] = [];
  s.steps.forEach((run, i) => {
    const step = stepById(c, run.stepId);
    if (step.type !== 'prediction') return;
    // An outcome settled by the coin (nobody decided) says nothing about anyone's perspective.
    const target = s.steps.slice(i + 1).find((r) => r.stepId === step.predicts && r.outcome !== null);
    if (!target || target.outcomeBy === 'chance') return;
    const anonymous = step.identity === 'anonymous';
    for (const [pid, a] of Object.entries(run.answers)) {
      if (a.answer.kind !== 'option' || a.source === 'bot') continue;
      out.push({ participantId: pid, round: run.round, predictionStepId: step.id, targetStepId: target.stepId, predicted: a.answer.optionId, actual: target.outcome!, correct: a.answer.optionId === target.outcome, anonymous });
    }
  });
  return out;
}

export function debrief(s: SessionState): DebriefSummary {
  const c = s.caseFile!;
  const participantProfiles: Record<ParticipantId, Profile> = {};
  const sideProfiles: Partial<Record<PersonSide, Profile>> = {};
  for (const pid of s.order) {
    const p = addTo(emptyProfile(), s.profiles[pid]);
    participantProfiles[pid] = p;
    const side = s.participants[pid]!.side;
    sideProfiles[side] = addTo(sideProfiles[side] ?? emptyProfile(), p);
  }
  const groupProfile = addTo(emptyProfile(), s.indicators);
  const startValues = s.indicatorHistory[0]?.values ?? s.indicators;
  const history = (id: string) => [...s.indicatorHistory.map((h) => h.values[id] ?? 0), s.indicators[id] ?? 0];
  const predictions = predictionScores(s);
  const perParticipant: DebriefSummary['accuracy']['perParticipant'] = {};
  for (const pid of s.order) {
    const mine = predictions.filter((p) => p.participantId === pid && !p.anonymous);
    perParticipant[pid] = { before: accuracy(mine.filter((p) => p.round === 0)), after: accuracy(mine.filter((p) => p.round > 0)), all: accuracy(mine) };
  }
  return {
    groupProfile,
    sideProfiles,
    participantProfiles,
    participantSides: Object.fromEntries(s.order.map((pid) => [pid, s.participants[pid]!.side])),
    alliances: ALLIANCES.map((id) => ({ id, start: startValues[id] ?? 0, end: s.indicators[id] ?? 0, history: history(id) })),
    indicators: (c.indicators ?? []).map((i) => ({ id: i.id, start: startValues[i.id] ?? i.start ?? 0, end: s.indicators[i.id] ?? 0 })),
    predictions: predictions.map((p) => (p.anonymous ? { ...p, participantId: '' } : p)),
    accuracy: {
      group: accuracy(predictions),
      beforeSwitch: accuracy(predictions.filter((p) => p.round === 0)),
      afterSwitch: accuracy(predictions.filter((p) => p.round > 0)),
      perParticipant,
    },
    timeline: s.steps
      .filter((r) => r.outcome !== null)
      .map((r) => ({ stepKey: r.key, stepId: r.stepId, sceneId: r.sceneId, optionId: r.outcome!, by: r.outcomeBy ?? 'majority', tally: tallyOf(r.answers) })),
    endingId: s.endingId,
  };
}

function tallyOf(answers: SessionState['steps'][number]['answers']): Record<string, number> {
  const t: Record<string, number> = {};
  for (const a of Object.values(answers)) if (a.answer.kind === 'option') t[a.answer.optionId] = (Object.hasOwn(t, a.answer.optionId) ? t[a.answer.optionId]! : 0) + 1;
  return t;
}
