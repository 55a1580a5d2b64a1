/**
 * What the personal report and the session report say, as data. The server renders them as a
 * page and a PDF; both are built from these functions, so they can never disagree.
 */
import { interpolate } from '../case/interpolate.js';
import { stepById } from '../session/rules.js';
import type { ParticipantId, SessionState } from '../session/types.js';
import { debrief, type Accuracy, type DebriefSummary, type Profile } from './debrief.js';
import { answerText } from './tables.js';

export interface PersonalReport {
  caseTitle: string;
  sessionTitle: string;
  name: string;
  side: string;
  date: string;
  roles: { round: number; roleId: string; roleName: string }[];
  choices: { scene: string; prompt: string; answer: string; outcome: string | null }[];
  accuracy: { before: Accuracy; after: Accuracy; all: Accuracy };
  profile: Profile;
  groupProfile: Profile;
  feedback: { text: string; scene: string | null; at: number }[];
  reflections: { question: string; text: string }[];
  ending: string | null;
}

export function personalReport(s: SessionState, pid: ParticipantId): PersonalReport {
  const c = s.caseFile!;
  const t = (x: string) => interpolate(x, s.variables);
  const p = s.participants[pid];
  if (!p) throw new Error('unknown participant');
  const d = debrief(s);
  const sceneTitle = (id: string | null) => (id ? t(c.scenes.find((x) => x.id === id)?.title ?? id) : null);
  const labelOf = (stepId: string, optionId: string) => {
    const step = stepById(c, stepId);
    const options = step.type === 'decision' ? step.options : step.type === 'prediction' ? (stepById(c, step.predicts) as { options: { id: string; label: string }[] }).options : [];
    return t(options.find((o) => o.id === optionId)?.label ?? optionId);
  };
  const choices: PersonalReport['choices'] = [];
  const reflections: PersonalReport['reflections'] = [];
  for (const run of s.steps) {
    const a = run.answers[pid];
    // A bot's fill-in is not what this person chose.
    if (!a || a.source === 'bot') continue;
    const step = stepById(c, run.stepId);
    if (step.type === 'reflection' && a.answer.kind === 'text') reflections.push({ question: t(step.prompt), text: a.answer.text });
    else
      choices.push({
        scene: sceneTitle(run.sceneId) ?? '',
        prompt: t(step.prompt),
        answer: a.answer.kind === 'option' ? labelOf(step.id, a.answer.optionId) : answerText(a.answer),
        outcome: run.outcome && step.type === 'decision' ? labelOf(step.id, run.outcome) : null,
      });
  }
  const ending = s.endingId ? c.endings.find((e) => e.id === s.endingId) : undefined;
  return {
    caseTitle: t(c.title),
    sessionTitle: s.title ?? t(c.title),
    name: p.name,
    side: p.side,
    date: new Date(s.createdAt).toISOString().slice(0, 10),
    roles: rolesPlayed(s, pid).map(({ round, roleId }) => ({ round, roleId, roleName: t(c.roles.find((x) => x.id === roleId)?.name ?? roleId) })),
    choices,
    accuracy: d.accuracy.perParticipant[pid] ?? { before: { correct: 0, total: 0, rate: null }, after: { correct: 0, total: 0, rate: null }, all: { correct: 0, total: 0, rate: null } },
    profile: d.participantProfiles[pid]!,
    groupProfile: d.groupProfile,
    feedback: s.feedback.filter((f) => f.participantId === pid).map((f) => ({ text: f.text, scene: sceneTitle(f.sceneId), at: f.at })),
    reflections,
    ending: ending ? t(ending.title) : null,
  };
}

export interface SessionReport {
  caseTitle: string;
  sessionTitle: string;
  date: string;
  participants: { id: ParticipantId; name: string; side: string }[];
  debrief: DebriefSummary;
  timeline: { scene: string; prompt: string; outcome: string; tally: { label: string; count: number }[] }[];
  reflections: { question: string; theme: string; texts: { text: string; name: string | null }[] }[];
  feedbackCount: number;
  ending: string | null;
}

export function sessionReport(s: SessionState): SessionReport {
  const c = s.caseFile!;
  const t = (x: string) => interpolate(x, s.variables);
  const d = debrief(s);
  const reflections: SessionReport['reflections'] = [];
  for (const run of s.steps) {
    const step = stepById(c, run.stepId);
    if (step.type !== 'reflection') continue;
    const identity = step.identity ?? 'trainer';
    reflections.push({
      question: t(step.prompt),
      theme: step.theme,
      texts: Object.entries(run.answers)
        .filter(([pid]) => !run.hidden[pid])
        .flatMap(([pid, a]) => (a.answer.kind === 'text' ? [{ text: a.answer.text, name: identity !== 'anonymous' && (identity === 'named' || a.answer.named) ? (s.participants[pid]?.name ?? null) : null }] : [])),
    });
  }
  const ending = s.endingId ? c.endings.find((e) => e.id === s.endingId) : undefined;
  return {
    caseTitle: t(c.title),
    sessionTitle: s.title ?? t(c.title),
    date: new Date(s.createdAt).toISOString().slice(0, 10),
    participants: s.order.filter((id) => !s.participants[id]!.removed).map((id) => ({ id, name: s.participants[id]!.name, side: s.participants[id]!.side })),
    debrief: d,
    timeline: d.timeline.map((x) => {
      const step = stepById(c, x.stepId);
      const options = step.type === 'decision' ? step.options : [];
      return {
        scene: t(c.scenes.find((sc) => sc.id === x.sceneId)?.title ?? x.sceneId),
        prompt: t(step.prompt),
        outcome: t(options.find((o) => o.id === x.optionId)?.label ?? x.optionId),
        tally: options.map((o) => ({ label: t(o.label), count: x.tally[o.id] ?? 0 })),
      };
    }),
    reflections,
    feedbackCount: s.feedback.length,
    ending: ending ? t(ending.title) : null,
  };
}

/** Roles a person held per round: the assignment, or what they answered as when a seat was handed over. */
function rolesPlayed(s: SessionState, pid: ParticipantId): { round: number; roleId: string }[] {
  const seen = new Set<string>();
  const out: { round: number; roleId: string }[] = [];
  const add = (round: number, roleId: string | null | undefined) => {
    if (!roleId || seen.has(`${round}:${roleId}`)) return;
    seen.add(`${round}:${roleId}`);
    out.push({ round, roleId });
  };
  for (const run of s.steps) add(run.round, run.answers[pid]?.source === 'player' ? run.answers[pid]!.roleId : null);
  s.rounds.forEach((r, round) => add(round, r[pid]));
  return out.sort((a, b) => a.round - b.round);
}
