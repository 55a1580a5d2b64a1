/**
 * A live session as a decider: commands in, events out, state folded from events.
 * Everything here is plain data so that the log can be stored as JSON and replayed anywhere.
 */
import type { CaseFile } from '../case/schema.js';
import type { DropoutPolicy, PersonSide } from '../case/vocabulary.js';

export type ParticipantId = string;

export type Answer =
  | { kind: 'option'; optionId: string }
  | { kind: 'ranking'; order: string[] }
  | { kind: 'scale'; value: number }
  | { kind: 'text'; text: string; named?: boolean };

/** Who sends a command; the server fills it in from the caller's token, never from the body. */
export type Actor = { kind: 'trainer' } | { kind: 'participant'; participantId: ParticipantId } | { kind: 'system' };

export type Command =
  | { type: 'create'; case: CaseFile; variables: Record<string, string>; seed: number; title?: string }
  | { type: 'join'; participantId: ParticipantId; name: string; side: PersonSide }
  | { type: 'choose-side'; participantId: ParticipantId; side: PersonSide }
  | { type: 'rename'; participantId: ParticipantId; name: string }
  | { type: 'remove'; participantId: ParticipantId }
  | { type: 'set-connected'; participantId: ParticipantId; connected: boolean }
  | { type: 'assign-roles'; assignments?: Record<ParticipantId, string> }
  | { type: 'start' }
  | { type: 'answer'; stepId: string; answer: Answer; participantId?: ParticipantId }
  | { type: 'close-step' }
  | { type: 'reveal-step' }
  | { type: 'advance' }
  | { type: 'timer-expired'; stepKey: string }
  | { type: 'extend-timer'; seconds: number }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'fire-inject'; injectId: string }
  | { type: 'write-feedback'; participantId: ParticipantId; text: string }
  /** `ref` is the opaque handle of an answer in the trainer's view (also of anonymous answers). */
  | { type: 'moderate'; stepKey: string; ref: string; visible: boolean }
  | { type: 'hand-over'; from: ParticipantId; to: ParticipantId }
  | { type: 'switch-perspectives' }
  | { type: 'end' };

export type CommandType = Command['type'];

export type AnswerSource = 'player' | 'bot' | 'chair';

export type SessionEvent =
  | { type: 'session-created'; at: number; case: CaseFile; variables: Record<string, string>; seed: number; title?: string }
  | { type: 'participant-joined'; at: number; participantId: ParticipantId; name: string; side: PersonSide }
  | { type: 'participant-renamed'; at: number; participantId: ParticipantId; name: string }
  | { type: 'side-chosen'; at: number; participantId: ParticipantId; side: PersonSide }
  | { type: 'participant-removed'; at: number; participantId: ParticipantId }
  | { type: 'connection-changed'; at: number; participantId: ParticipantId; connected: boolean }
  | { type: 'roles-assigned'; at: number; round: number; assignments: Record<ParticipantId, string>; how: 'auto' | 'manual' | 'switch' | 'hand-over' }
  | { type: 'session-started'; at: number }
  | { type: 'scene-entered'; at: number; sceneId: string }
  | { type: 'step-opened'; at: number; stepKey: string; stepId: string; deadline: number | null }
  | { type: 'answer-given'; at: number; stepKey: string; participantId: ParticipantId; answer: Answer; source: AnswerSource }
  | { type: 'step-closed'; at: number; stepKey: string; reason: 'trainer' | 'all-answered' | 'timer' | 'advance'; missing: ParticipantId[]; policy: DropoutPolicy }
  | { type: 'decision-resolved'; at: number; stepKey: string; stepId: string; optionId: string; tally: Record<string, number>; by: 'majority' | 'chair' | 'chance' }
  | { type: 'step-revealed'; at: number; stepKey: string }
  | { type: 'consequence-landed'; at: number; key: string; stepId: string; optionId: string; index: number }
  | { type: 'inject-fired'; at: number; injectId: string }
  | { type: 'feedback-written'; at: number; participantId: ParticipantId; text: string; sceneId: string | null; stepKey: string | null }
  | { type: 'answer-moderated'; at: number; stepKey: string; participantId: ParticipantId; visible: boolean }
  | { type: 'paused'; at: number }
  | { type: 'resumed'; at: number }
  | { type: 'timer-extended'; at: number; extraMs: number }
  | { type: 'session-ended'; at: number; endingId: string | null };

export type EventType = SessionEvent['type'];

export type RefusalCode =
  | 'not-created'
  | 'already-created'
  | 'not-allowed'
  | 'session-ended'
  | 'session-full'
  | 'session-not-running'
  | 'already-started'
  | 'name-empty'
  | 'name-taken'
  | 'unknown-participant'
  | 'unknown-role'
  | 'roles-incomplete'
  | 'no-participants'
  | 'not-current-step'
  | 'step-not-open'
  | 'step-not-closed'
  | 'not-your-step'
  | 'already-answered'
  | 'invalid-answer'
  | 'nothing-to-advance'
  | 'paused'
  | 'not-paused'
  | 'no-timer'
  | 'timer-not-due'
  | 'unknown-inject'
  | 'text-empty'
  | 'perspective-switch-impossible'
  | 'already-has-role'
  | 'seats-exceeded';

export interface Refusal {
  code: RefusalCode;
  detail?: Record<string, string | number>;
}

/**
 * `state` is the state after the events, already folded by decide (it had to, to see their
 * consequences); callers may use it instead of evolving the events again.
 */
export type Decision = { ok: true; events: SessionEvent[]; state: SessionState } | { ok: false; refusal: Refusal };

export interface Participant {
  id: ParticipantId;
  name: string;
  side: PersonSide;
  joinedAt: number;
  removed: boolean;
  connected: boolean;
}

export interface StepRun {
  key: string;
  stepId: string;
  sceneId: string;
  round: number;
  status: 'open' | 'closed' | 'revealed';
  openedAt: number;
  deadline: number | null;
  /** Remaining ms while paused. */
  remaining: number | null;
  /** Who should answer, fixed when the step opened (roles of that round). */
  eligible: ParticipantId[];
  answers: Record<ParticipantId, { answer: Answer; at: number; source: AnswerSource; roleId: string | null }>;
  closeReason: Extract<SessionEvent, { type: 'step-closed' }>['reason'] | null;
  missing: ParticipantId[];
  outcome: string | null;
  outcomeBy: 'majority' | 'chair' | 'chance' | null;
  hidden: Record<ParticipantId, true>;
}

export interface Feedback {
  participantId: ParticipantId;
  text: string;
  at: number;
  sceneId: string | null;
  stepKey: string | null;
}

export interface PendingConsequence {
  /** Unique per decision run: `${stepKey}#${index}` (a scene may loop and decide the same step again). */
  key: string;
  stepId: string;
  optionId: string;
  index: number;
  dueAt: number;
}

export interface SessionState {
  status: 'empty' | 'lobby' | 'running' | 'ended';
  caseFile: CaseFile | null;
  title: string | null;
  variables: Record<string, string>;
  seed: number;
  createdAt: number;
  participants: Record<ParticipantId, Participant>;
  order: ParticipantId[];
  round: number;
  /** Per round: participant → role id. */
  rounds: Record<ParticipantId, string>[];
  sceneId: string | null;
  sceneHistory: string[];
  stepIndex: number;
  steps: StepRun[];
  current: string | null;
  outcomes: Record<string, string>;
  indicators: Record<string, number>;
  /**
   * What participants and the projector may see: the effects of a decision join these only once
   * it is revealed or its scene is left, so indicators never give away an unrevealed outcome.
   */
  publicIndicators: Record<string, number>;
  /** Effects of resolved but unrevealed decisions, per step run. */
  unrevealed: Record<string, Record<string, number>>;
  /** Per participant: the government-role profile of their own choices. */
  profiles: Record<ParticipantId, Record<string, number>>;
  transitions: number;
  pending: PendingConsequence[];
  landed: { stepId: string; optionId: string; index: number; at: number }[];
  injects: { injectId: string; at: number }[];
  feedback: Feedback[];
  paused: boolean;
  endingId: string | null;
  endedAt: number | null;
  /** Indicator values at each scene entry, for the debrief's alliance timeline. */
  indicatorHistory: { sceneId: string; values: Record<string, number> }[];
  seq: number;
}
