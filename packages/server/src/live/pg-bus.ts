/**
 * The session bus across instances: PostgreSQL LISTEN/NOTIFY. Local subscribers hear a publish
 * at once; other instances hear it through one dedicated LISTEN connection. Subscribers only
 * learn *that* a session moved on; `onRemote` tells the runtime first: with the events, when they
 * fit in the notification, so it can fold them in without a read, else so it drops its cached
 * state and what is read next comes from the shared log. After a lost connection every local
 * session is told to re-read, because notifications sent meanwhile are gone.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Logger } from 'pino';
import type { CommitItem } from '../storage/event-store.js';
import { InProcessBus, type BusChange, type CommitNotice, type SessionBus, type SessionListener } from './bus.js';

const CHANNEL = 'samenspel_session';
/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7000;
/** A session's events go along only up to this size, so one notification holds several sessions. */
const MAX_EVENTS = 3000;

/**
 * One session in a notification, as JSON: [session, seq, fromSeq, [event payload, ...]], or
 * [session, seq] when its events are unknown or too large. Serialised once: its length is what
 * counts against the payload limit, and the message joins these texts as they are.
 */
function notified(sessionId: string, seq: number, fromSeq: number | null, payloads: string[] | null): string {
  if (fromSeq !== null && payloads) {
    const json = JSON.stringify([sessionId, seq, fromSeq, payloads]);
    if (json.length < MAX_EVENTS) return json;
  }
  return JSON.stringify([sessionId, seq]);
}

export class PostgresBus implements SessionBus {
  private readonly local = new InProcessBus();
  /** Changes announced from inside their group commit: session → sequence number. */
  private readonly announced = new Map<string, number>();
  private readonly sessions = new Map<string, number>();
  private readonly instance = randomUUID();
  private readonly ownPrefix = `{"i":${JSON.stringify(this.instance)},`;
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly connectionString: string,
    private readonly log: Pick<Logger, 'warn' | 'info'>,
    private readonly onRemote: (sessionId: string, seq: number, change?: BusChange) => void = () => {},
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('notification', (msg) => this.receive(msg.payload));
    client.on('error', (e) => this.lost(e));
    client.on('end', () => this.lost(new Error('LISTEN connection ended')));
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    this.client = client;
  }

  /** The sender first, so an instance can pass over its own notifications without parsing them. */
  private message(moved: readonly string[]): string {
    return `{"i":${JSON.stringify(this.instance)},"m":[${moved.join(',')}]}`;
  }

  private receive(payload: string | undefined): void {
    // Every instance hears its own notifications too, events and all; a burst sends many.
    if (!payload || payload.startsWith(this.ownPrefix)) return;
    let msg: { s?: unknown; q?: unknown; i?: unknown; m?: unknown };
    try {
      msg = JSON.parse(payload) as typeof msg;
    } catch {
      return;
    }
    // One notification carries every session that moved on in one turn: [[session, seq], ...],
    // each with [.., fromSeq, [event payload, ...]] when its events fitted.
    const moved: unknown[] = Array.isArray(msg.m) ? msg.m : [[msg.s, msg.q]];
    for (const m of moved) {
      if (!Array.isArray(m) || typeof m[0] !== 'string' || typeof m[1] !== 'number') continue;
      const withEvents = typeof m[2] === 'number' && Array.isArray(m[3]) && m[3].every((p) => typeof p === 'string');
      this.onRemote(m[0], m[1], withEvents ? { fromSeq: m[2] as number, payloads: m[3] as string[] } : undefined);
      this.local.publish(m[0], m[1]);
    }
  }

  private lost(e: Error): void {
    if (this.stopped || this.client === null) return;
    this.log.warn({ err: e.message }, 'session bus lost its LISTEN connection; reconnecting');
    const old = this.client;
    this.client = null;
    old.removeAllListeners();
    void old.end().catch(() => undefined);
    const attempt = (delay: number) => {
      this.retry = setTimeout(() => {
        if (this.stopped) return;
        this.start().then(
          () => {
            this.log.info({}, 'session bus reconnected');
            // Anything may have happened meanwhile: every local session re-reads.
            for (const [sessionId, seq] of this.sessions) {
              this.onRemote(sessionId, seq);
              this.local.publish(sessionId, seq);
            }
          },
          () => attempt(Math.min(delay * 2, 5000)),
        );
      }, delay);
    };
    attempt(100);
  }

  /**
   * The notification for a group's changes, to send in the group commit's own statement: a
   * single-instance set-up spent a round trip per turn on it (p99 23 -> 13 ms without), and it
   * goes out only if the group is stored. What does not fit goes through `publish` as before.
   */
  announce(items: readonly CommitItem[]): CommitNotice | null {
    const part: string[] = [];
    let size = 64;
    for (const it of items) {
      const first = it.events[0];
      const last = it.events.at(-1);
      if (!first || !last) continue;
      const item = notified(it.sessionId, last.seq, first.seq - 1, it.events.map((e) => e.payload));
      if (size + item.length + 1 >= MAX_PAYLOAD) continue;
      size += item.length + 1;
      part.push(item);
      this.announced.set(it.sessionId, last.seq);
    }
    return part.length > 0 ? { channel: CHANNEL, payload: this.message(part) } : null;
  }

  publish(sessionId: string, seq: number, change?: BusChange): void {
    this.sessions.set(sessionId, seq);
    this.local.publish(sessionId, seq);
    // Its commit told the other instances already.
    if (this.announced.get(sessionId) === seq) {
      this.announced.delete(sessionId);
      return;
    }
    // A burst moves many sessions on in one turn: one notification for all of them instead of a
    // query per change. The newest sequence number per session is all a listener needs; the
    // events since the last notification spare it a read, as long as they follow on.
    const queued = this.outbox.get(sessionId);
    if (!queued) this.outbox.set(sessionId, { seq, fromSeq: change?.fromSeq ?? null, payloads: change ? [...change.payloads] : null });
    else {
      queued.payloads = queued.payloads && change && change.fromSeq === queued.seq ? [...queued.payloads, ...change.payloads] : null;
      queued.seq = seq;
    }
    if (this.outbox.size === 1 && !this.sending) setImmediate(() => void this.send());
  }

  private readonly outbox = new Map<string, { seq: number; fromSeq: number | null; payloads: string[] | null }>();
  /** One notification in flight at a time; what moves on meanwhile goes in the next one. */
  private sending = false;

  private async send(): Promise<void> {
    if (this.sending || this.outbox.size === 0) return;
    this.sending = true;
    const moved = [...this.outbox].map(([sessionId, o]) => notified(sessionId, o.seq, o.fromSeq, o.payloads));
    this.outbox.clear();
    const sent: Promise<unknown>[] = [];
    for (let i = 0; i < moved.length; ) {
      const part: string[] = [];
      let size = 64;
      for (; i < moved.length && (part.length === 0 || size + moved[i]!.length + 1 < MAX_PAYLOAD); i++) {
        size += moved[i]!.length + 1;
        part.push(moved[i]!);
      }
      const payload = this.message(part);
      sent.push(this.pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]).catch((e: Error) => this.log.warn({ err: e.message }, 'session bus could not notify')));
    }
    await Promise.all(sent);
    this.sending = false;
    if (this.outbox.size > 0) void this.send();
  }

  subscribe(sessionId: string, listener: SessionListener): () => void {
    if (!this.sessions.has(sessionId)) this.sessions.set(sessionId, 0);
    return this.local.subscribe(sessionId, listener);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    if (c) {
      c.removeAllListeners();
      await c.end().catch(() => undefined);
    }
  }
}
