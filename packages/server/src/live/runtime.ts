/**
 * Runs live sessions: one queue per session so commands are decided one at a time against the
 * latest state; events are stored in one transaction before anybody hears about them; then the
 * bus tells every subscriber to fetch its own view. Also owns step timers.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { currentRun, decide, evolve, initialState, replay, type Actor, type Command, type Refusal, type SessionEvent, type SessionState } from '@samenspel/engine';
import { eventRows, loadEvents, loadEventsAfter, type CommitItem } from '../storage/event-store.js';
import { findResponse } from '../storage/idempotency.js';
import type { Database } from '../storage/schema.js';
import type { BusChange, SessionBus } from './bus.js';
import { GroupCommitter } from './group-commit.js';

export type CommandResult = { ok: true; seq: number; events: number } | { ok: false; refusal: Refusal };

export interface IdempotencyScope {
  /** Who sent it (trainer user id, participant id, system): keys are unique per sender. */
  actor: string;
  key: string;
}

export interface ExecuteResult {
  result: CommandResult;
  /** True when this answer was remembered from an earlier request with the same key. */
  replayed: boolean;
}

export class SessionRuntime {
  private readonly states = new Map<string, SessionState>();
  private readonly stale = new Set<string>();
  /** The last change to each session, made here or folded in from another instance, so streams can send a patch for it. */
  private readonly changes = new Map<string, { fromSeq: number; toSeq: number; events: SessionEvent[] }>();
  private readonly refreshing = new Map<string, Promise<void>>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;
  private readonly committer: GroupCommitter;

  constructor(
    private readonly db: Kysely<Database>,
    readonly bus: SessionBus,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.committer = new GroupCommitter(db, bus.announce?.bind(bus));
  }

  now(): number {
    return this.clock();
  }

  /** The current state, replayed from the log on first use; null for an unknown session. */
  async state(sessionId: string): Promise<SessionState | null> {
    for (;;) {
      // Every reader waits for a refresh in progress, so none of them sees the old state meanwhile.
      const pending = this.refreshing.get(sessionId);
      if (pending) {
        await pending;
        continue;
      }
      const cached = this.states.get(sessionId);
      if (!cached) break;
      if (!this.stale.has(sessionId)) return cached;
      // Another instance appended: fold in only what is new instead of replaying the whole log.
      // A notification that arrives while loading marks it stale again, and the loop goes round.
      this.stale.delete(sessionId);
      const refresh = (async () => {
        const events = await loadEventsAfter(this.db, sessionId, cached.seq);
        if (this.states.get(sessionId) === cached) this.foldIn(sessionId, cached, events);
      })()
        .catch((e: unknown) => {
          this.stale.add(sessionId);
          throw e;
        })
        .finally(() => this.refreshing.delete(sessionId));
      this.refreshing.set(sessionId, refresh);
    }
    const events = await loadEvents(this.db, sessionId);
    if (events.length === 0) return null;
    const s = replay(events);
    this.states.set(sessionId, s);
    return s;
  }

  lastChange(sessionId: string): { fromSeq: number; toSeq: number; events: SessionEvent[] } | undefined {
    return this.changes.get(sessionId);
  }

  /** Cached state only; for stream fan-out where an await per subscriber would be waste. */
  cachedState(sessionId: string): SessionState | undefined {
    return this.stale.has(sessionId) || this.refreshing.has(sessionId) ? undefined : this.states.get(sessionId);
  }

  execute(sessionId: string, command: Command, actor: Actor, idem?: IdempotencyScope): Promise<ExecuteResult> {
    return this.enqueue(sessionId, () => this.run(sessionId, command, actor, idem));
  }

  private enqueue<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(sessionId) ?? Promise.resolve();
    const next = prev.then(task, task);
    const settled = next.catch(() => undefined);
    this.queues.set(sessionId, settled);
    void settled.then(() => {
      if (this.queues.get(sessionId) === settled) this.queues.delete(sessionId);
    });
    return next;
  }

  /**
   * A repeated idempotency key is found without a look-up per command: an accepted command stores
   * its key in the same transaction as its events, and the key's primary key fails a repeat, which
   * then returns the remembered response and stores nothing. A refusal stores nothing else, so it
   * looks the key up first (a retry of an accepted answer is refused as already answered, and
   * finds the first response that way).
   */
  private async run(sessionId: string, command: Command, actor: Actor, idem?: IdempotencyScope): Promise<ExecuteResult> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.decideAndAppend(sessionId, command, actor, idem);
      } catch (e) {
        if (idem && isRepeatedKey(e)) {
          const earlier = await findResponse(this.db, sessionId, idem.actor, idem.key);
          if (earlier) return { result: earlier.body as CommandResult, replayed: true };
        }
        // Another instance appended first (unique (session, seq)): re-read the log and decide again.
        this.states.delete(sessionId);
        if (attempt >= 2 || !isConflict(e)) throw e;
      }
    }
  }

  private async decideAndAppend(sessionId: string, command: Command, actor: Actor, idem?: IdempotencyScope): Promise<ExecuteResult> {
    const before = (await this.state(sessionId)) ?? initialState();
    const now = this.clock();
    const decision = decide(before, command, actor, now);
    if (!decision.ok) {
      if (idem) {
        const earlier = await findResponse(this.db, sessionId, idem.actor, idem.key);
        if (earlier) return { result: earlier.body as CommandResult, replayed: true };
      }
      const result: CommandResult = { ok: false, refusal: decision.refusal };
      if (idem) await this.committer.commit({ sessionId, events: [], remember: remembered(idem, result, now, true) });
      return { result, replayed: false };
    }
    const after = decision.state;
    const result: CommandResult = { ok: true, seq: after.seq, events: decision.events.length };
    const rows = eventRows(before.seq, decision.events);
    await this.committer.commit({
      sessionId,
      events: rows,
      ...(after.status !== before.status ? { status: after.status } : {}),
      ...(idem ? { remember: remembered(idem, result, now, false) } : {}),
    });
    this.states.set(sessionId, after);
    this.changes.set(sessionId, { fromSeq: before.seq, toSeq: after.seq, events: decision.events });
    if (decision.events.length > 0) {
      this.armTimer(sessionId, after);
      this.bus.publish(sessionId, after.seq, { fromSeq: before.seq, payloads: rows.map((r) => r.payload) });
    }
    return { result, replayed: false };
  }

  /** Drops the cached state, e.g. after its stored log was rewritten (erasure). */
  forget(sessionId: string): void {
    this.states.delete(sessionId);
    this.stale.delete(sessionId);
    this.changes.delete(sessionId);
  }

  /**
   * Another instance moved the session on. With its events, when they follow on from the state
   * held here and nothing is being read meanwhile, they are folded in at once (and are the last
   * change, for patches); otherwise the next read folds in what is new from the log.
   */
  remoteChange(sessionId: string, change?: BusChange): void {
    const cached = this.states.get(sessionId);
    if (change && cached && cached.seq === change.fromSeq && !this.stale.has(sessionId) && !this.refreshing.has(sessionId)) {
      try {
        return this.foldIn(sessionId, cached, change.payloads.map((p) => JSON.parse(p) as SessionEvent));
      } catch {
        // Not what this instance can fold in: read the log instead.
      }
    }
    this.markStale(sessionId);
  }

  /** Another instance's events on top of the state held here; they are the last change, so streams get the same patch for it. */
  private foldIn(sessionId: string, from: SessionState, events: SessionEvent[]): void {
    let s = from;
    for (const e of events) s = evolve(s, e);
    this.states.set(sessionId, s);
    if (events.length > 0) this.changes.set(sessionId, { fromSeq: from.seq, toSeq: s.seq, events });
  }

  /** Another instance moved the session on: the next read folds in the new events. */
  markStale(sessionId: string): void {
    if (this.states.has(sessionId)) this.stale.add(sessionId);
  }

  /** Drops every cached state, e.g. after stored logs were rewritten (erasure). */
  forgetAll(): void {
    this.states.clear();
    this.stale.clear();
  }

  /** Schedules `timer-expired` for the open step's deadline; called after every change and on start. */
  armTimer(sessionId: string, s: SessionState): void {
    const existing = this.timers.get(sessionId);
    if (existing) clearTimeout(existing);
    this.timers.delete(sessionId);
    if (this.closed) return;
    const run = currentRun(s);
    if (s.status !== 'running' || s.paused || !run || run.status !== 'open' || run.deadline === null) return;
    const stepKey = run.key;
    const delay = Math.max(0, run.deadline - this.clock());
    const t = setTimeout(() => {
      this.timers.delete(sessionId);
      this.execute(sessionId, { type: 'timer-expired', stepKey }, { kind: 'system' }).then(
        ({ result }) => {
          if (!result.ok && result.refusal.code === 'timer-not-due') {
            void this.state(sessionId).then((st) => st && this.armTimer(sessionId, st));
          }
        },
        (e: unknown) => this.log.error({ err: e, sessionId }, 'timer command failed'),
      );
    }, delay);
    t.unref();
    this.timers.set(sessionId, t);
  }

  /** After a restart: load every unfinished session and re-arm its timer. */
  async resume(sessionIds: string[]): Promise<{ id: string; state: SessionState }[]> {
    const out: { id: string; state: SessionState }[] = [];
    for (const id of sessionIds) {
      const s = await this.state(id);
      if (!s) continue;
      this.armTimer(id, s);
      out.push({ id, state: s });
    }
    return out;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

function remembered(idem: IdempotencyScope, result: CommandResult, now: number, ifAbsent: boolean): NonNullable<CommitItem['remember']> {
  return { actor: idem.actor, key: idem.key, statusCode: result.ok ? 200 : 409, response: JSON.stringify(result), createdAt: now, ifAbsent };
}

/** A unique-key violation on a remembered response: the same key was used before. */
function isRepeatedKey(e: unknown): boolean {
  const err = e as { code?: string; message?: string; constraint?: string };
  if (err?.code === '23505') return err.constraint === 'idempotency_keys_pk';
  return /UNIQUE constraint failed: idempotency_keys/.test(err?.message ?? '');
}

/** A unique-key violation on (session_id, seq), in SQLite or PostgreSQL wording. */
function isConflict(e: unknown): boolean {
  const err = e as { code?: string; message?: string; constraint?: string };
  if (err?.code === '23505') return err.constraint === undefined || err.constraint === 'session_events_pk';
  return /UNIQUE constraint failed: session_events/.test(err?.message ?? '');
}
