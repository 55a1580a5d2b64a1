/**
 * A session as analysis-ready tables (one row per fact), for CSV/XLSX export and research.
 * Pure: the server turns these rows into files. `pseudonymise` replaces names by stable codes.
 */
import { stepById } from '../session/rules.js';
import type { Answer, SessionEvent, SessionState } from '../session/types.js';
import { predictionScores } from './debrief.js';

export type Cell = string | number | boolean | null;
export type Table = { name: string; columns: string[]; rows: Cell[][] };

export function answerText(a: Answer): string {
  switch (a.kind) {
    case 'option':
      return a.optionId;
    case 'ranking':
      return a.order.join(' > ');
    case 'scale':
      return String(a.value);
    case 'text':
      return a.text;
  }
}

export function sessionTables(s: SessionState, events: readonly SessionEvent[], opts: { pseudonymise?: boolean } = {}): Table[] {
  const c = s.caseFile!;
  const code = new Map(s.order.map((id, i) => [id, `P${String(i + 1).padStart(2, '0')}`]));
  const who = (pid: string) => (opts.pseudonymise ? (code.get(pid) ?? 'P??') : pid);
  const name = (pid: string) => (opts.pseudonymise ? (code.get(pid) ?? 'P??') : (s.participants[pid]?.name ?? pid));
  const iso = (ms: number) => new Date(ms).toISOString();

  const anonymousKeys = new Set(s.steps.filter((r) => stepById(c, r.stepId).identity === 'anonymous').map((r) => r.key));
  const participants: Table = {
    name: 'participants',
    columns: ['participant', 'name', 'side', 'joined_at', 'removed'],
    rows: s.order.map((id) => {
      const p = s.participants[id]!;
      return [who(id), name(id), p.side, iso(p.joinedAt), p.removed];
    }),
  };
  const roles: Table = {
    name: 'roles_per_round',
    columns: ['round', 'participant', 'role', 'role_side'],
    rows: s.rounds.flatMap((r, round) => Object.entries(r).map(([pid, roleId]) => [round, who(pid), roleId, c.roles.find((x) => x.id === roleId)?.side ?? null])),
  };
  const answers = (types: string[]) =>
    s.steps.flatMap((run) => {
      const step = stepById(c, run.stepId);
      if (!types.includes(step.type)) return [];
      return Object.entries(run.answers).map(([pid, a]) => ({ run, step, pid, a }));
    });
  const choices: Table = {
    name: 'choices',
    columns: ['step_key', 'scene', 'step', 'type', 'round', 'participant', 'role', 'answer', 'source', 'outcome', 'answered_at'],
    rows: answers(['decision', 'ranking', 'scale']).map(({ run, step, pid, a }) => {
      // Anonymous means anonymous in every export too.
      const anonymous = step.identity === 'anonymous';
      return [run.key, run.sceneId, step.id, step.type, run.round, anonymous ? null : pid === 'trainer' ? 'trainer' : who(pid), anonymous ? null : a.roleId, answerText(a.answer), a.source, run.outcome, anonymous ? null : iso(a.at)];
    }),
  };
  choices.rows = sortAnonymous(choices.rows, 5);
  const predictions: Table = {
    name: 'predictions',
    columns: ['prediction_step', 'target_step', 'round', 'participant', 'predicted', 'actual', 'correct'],
    rows: predictionScores(s).map((p) => [p.predictionStepId, p.targetStepId, p.round, p.anonymous ? null : who(p.participantId), p.predicted, p.actual, p.correct]),
  };
  const reflections: Table = {
    name: 'reflections',
    columns: ['step', 'theme', 'round', 'participant', 'named', 'text', 'hidden_by_trainer'],
    rows: answers(['reflection']).map(({ run, step, pid, a }) => {
      const named = a.answer.kind === 'text' && a.answer.named === true;
      const identity = step.identity ?? 'trainer';
      // Anonymous reflections stay anonymous in every export.
      const person = identity === 'anonymous' && !named ? null : who(pid);
      return [step.id, step.type === 'reflection' ? step.theme : null, run.round, person, named, answerText(a.answer), !!run.hidden[pid]];
    }),
  };
  reflections.rows = sortAnonymous(reflections.rows, 3);
  const eventRows: Table = {
    name: 'events',
    columns: ['seq', 'type', 'at', 'participant', 'detail'],
    rows: events.map((e, i) => {
      // An answer to an anonymous step names nobody here either; otherwise its time would link it back.
      const hidden = e.type === 'answer-given' && anonymousKeys.has(e.stepKey);
      const pid = 'participantId' in e && !hidden ? e.participantId : null;
      const detail = e.type === 'decision-resolved' ? `${e.stepId}=${e.optionId} (${e.by})` : e.type === 'step-closed' ? `${e.stepKey} ${e.reason}` : e.type === 'scene-entered' ? e.sceneId : e.type === 'session-ended' ? (e.endingId ?? '') : e.type === 'inject-fired' ? e.injectId : '';
      return [i + 1, e.type, iso(e.at), pid ? who(pid) : null, detail];
    }),
  };
  return [participants, roles, choices, predictions, reflections, eventRows];
}

/** RFC 4180 CSV, with formula-looking cells defused for spreadsheet programs. */
export function toCsv(t: Table): string {
  const cell = (v: Cell) => {
    if (v === null) return '';
    let s = String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [t.columns, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** Rows without a participant are sorted by content, so their order says nothing about who or when. */
function sortAnonymous(rows: Cell[][], participantColumn: number): Cell[][] {
  const named = rows.filter((r) => r[participantColumn] !== null);
  const anonymous = rows.filter((r) => r[participantColumn] === null).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return [...named, ...anonymous];
}
