/**
 * Plays whole sessions with bots through the real decider: the same commands a trainer and
 * players send, so a simulation exercises exactly what a live session does.
 */
import type { CaseFile } from '../case/schema.js';
import type { PersonSide, RoleSide } from '../case/vocabulary.js';
import { BOT_STYLES, botAnswer, type BotStyle } from '../bots/bots.js';
import { keyedRandom, rng } from '../random.js';
import { decide } from '../session/decide.js';
import { initialState, replay } from '../session/evolve.js';
import { currentRun, seatsOf, stepById } from '../session/rules.js';
import type { Actor, Command, SessionEvent, SessionState } from '../session/types.js';

export interface PlayOptions {
  players: number;
  seed: number;
  variables?: Record<string, string>;
  /** Decision step id → option every player and chair chooses (test plans). */
  forced?: Record<string, string>;
  /** Switch perspectives after this many scenes (default 1; null: never). */
  switchAfterScenes?: number | null;
  /** Fire a random inject now and then. */
  injects?: boolean;
  /** Keep the events (replay tests); off for speed. */
  keepEvents?: boolean;
  /**
   * Benchmark baseline only: rebuild the state from the whole log before every command, as a
   * naive event-sourced server without a state cache would.
   */
  rebuildEachCommand?: boolean;
  styles?: BotStyle[];
  /** Throw when a bot's answer is refused: a case or engine defect, not a moment of play. */
  strict?: boolean;
  /** Called with each command's outcome; tests use it to look at every intermediate state. */
  onStep?: (state: SessionState, events: SessionEvent[], before: SessionState) => void;
}

export interface PlayResult {
  state: SessionState;
  events: SessionEvent[];
  commands: number;
}

const PERSON_FOR: Record<RoleSide, PersonSide> = { bestuur: 'bestuurder', ambtelijk: 'ambtenaar', raad: 'raadslid', samenleving: 'gast', pers: 'gast' };

/** Sides for n players that the case's seats can hold, most-needed roles first. */
export function sidesFor(c: CaseFile, n: number): PersonSide[] {
  const slots: RoleSide[] = [];
  for (const r of c.roles) for (let i = 0; i < seatsOf(c, r.id).min; i++) slots.push(r.side);
  const extra: RoleSide[] = [];
  const maxSeats = Math.max(...c.roles.map((r) => seatsOf(c, r.id).max));
  for (let i = 0; i < maxSeats; i++) for (const r of c.roles) if (i >= seatsOf(c, r.id).min && i < seatsOf(c, r.id).max) extra.push(r.side);
  return [...slots, ...extra].slice(0, n).map((side) => PERSON_FOR[side]);
}

export class GameError extends Error {}

export function playGame(c: CaseFile, opts: PlayOptions): PlayResult {
  let state = initialState();
  const events: SessionEvent[] = [];
  let commands = 0;
  let lastRefusal = '';
  let now = 1_700_000_000_000;
  const random = rng(opts.seed);
  const styles = opts.styles ?? [...BOT_STYLES];
  const trainer: Actor = { kind: 'trainer' };
  const send = (command: Command, actor: Actor): boolean => {
    commands++;
    now += 1000;
    if (opts.rebuildEachCommand) state = replay(events);
    const before = state;
    const d = decide(state, command, actor, now);
    if (!d.ok) {
      lastRefusal = d.refusal.code;
      return false;
    }
    state = d.state;
    if (opts.keepEvents || opts.rebuildEachCommand) events.push(...d.events);
    opts.onStep?.(state, d.events, before);
    return true;
  };

  send({ type: 'create', case: c, variables: opts.variables ?? {}, seed: opts.seed }, trainer);
  const sides = sidesFor(c, opts.players);
  const styleOf: Record<string, BotStyle> = {};
  sides.forEach((side, i) => {
    const id = `p${i + 1}`;
    styleOf[id] = side === 'bestuurder' ? 'political' : styles[i % styles.length]!;
    send({ type: 'join', participantId: id, name: `Speler ${i + 1}`, side }, { kind: 'participant', participantId: id });
  });
  if (!send({ type: 'start' }, trainer)) throw new GameError(`cannot start with ${opts.players} players`);
  const switchAfter = opts.switchAfterScenes === undefined ? 1 : opts.switchAfterScenes;
  let switched = false;

  for (let guard = 0; state.status === 'running'; guard++) {
    if (guard > 5000) throw new GameError('no ending after 5000 moves');
    const run = currentRun(state);
    if (run && run.status === 'open') {
      const step = stepById(c, run.stepId);
      const forced = opts.forced?.[step.id];
      if (step.type === 'decision' && step.mode === 'group') {
        const chair = step.chair!;
        const optionId = forced ?? (botAnswer(c, step, 'random', random) as { optionId: string }).optionId;
        const chairId = chair === 'trainer' ? undefined : run.eligible[0] ?? Object.entries(state.rounds[state.round] ?? {}).find(([, r]) => r === chair)?.[0];
        const ok = chairId
          ? send({ type: 'answer', stepId: step.id, answer: { kind: 'option', optionId } }, { kind: 'participant', participantId: chairId })
          : false;
        if (!ok) send({ type: 'answer', stepId: step.id, answer: { kind: 'option', optionId } }, trainer);
      } else if (step.type === 'decision' && run.eligible.length === 0) {
        const optionId = forced ?? (botAnswer(c, step, 'random', random) as { optionId: string }).optionId;
        send({ type: 'answer', stepId: step.id, answer: { kind: 'option', optionId } }, trainer);
      } else {
        for (const pid of run.eligible) {
          if (state.status !== 'running' || currentRun(state)?.status !== 'open') break;
          const answer = forced && step.type === 'decision' ? { kind: 'option' as const, optionId: forced } : botAnswer(c, step, styleOf[pid] ?? 'random', keyedRandom(opts.seed, `${run.key}:${pid}`));
          if (answer && !send({ type: 'answer', stepId: step.id, answer }, { kind: 'participant', participantId: pid }) && opts.strict && currentRun(state)?.status === 'open' && !currentRun(state)?.answers[pid])
            throw new GameError(`answer of ${pid} to ${step.id} refused: ${lastRefusal}`);
        }
      }
    }
    if (opts.injects && c.injects?.length && random() < 0.1) send({ type: 'fire-inject', injectId: c.injects[Math.floor(random() * c.injects.length)]!.id }, trainer);
    const after = currentRun(state);
    if (after && after.status === 'closed' && random() < 0.5) send({ type: 'reveal-step' }, trainer);
    if (!switched && switchAfter !== null && state.sceneHistory.length > switchAfter) {
      switched = true;
      send({ type: 'switch-perspectives' }, trainer);
    }
    send({ type: 'advance' }, trainer);
  }
  return { state, events, commands };
}
