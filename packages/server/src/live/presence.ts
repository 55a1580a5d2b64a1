/**
 * Who is connected: counts open streams per participant and turns the first connect and the
 * last disconnect into `set-connected` commands. A short grace period keeps a page reload from
 * flickering a participant offline (and from triggering a step's dropout policy).
 */
import type { Logger } from 'pino';
import type { SessionRuntime } from './runtime.js';

export class Presence {
  private readonly counts = new Map<string, number>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly runtime: SessionRuntime,
    private readonly log: Logger,
    private readonly graceMs = 4000,
  ) {}

  connect(sessionId: string, participantId: string): void {
    const k = `${sessionId}\u0000${participantId}`;
    const n = (this.counts.get(k) ?? 0) + 1;
    this.counts.set(k, n);
    const t = this.pending.get(k);
    if (t) {
      clearTimeout(t);
      this.pending.delete(k);
    }
    if (n === 1) this.send(sessionId, participantId, true);
  }

  disconnect(sessionId: string, participantId: string): void {
    const k = `${sessionId}\u0000${participantId}`;
    const n = Math.max(0, (this.counts.get(k) ?? 0) - 1);
    if (n > 0) {
      this.counts.set(k, n);
      return;
    }
    this.counts.delete(k);
    this.scheduleOffline(sessionId, participantId);
  }

  /** After a restart nobody is connected yet; whoever does not come back within the grace goes offline. */
  expectReconnect(sessionId: string, participantId: string): void {
    const k = `${sessionId}\u0000${participantId}`;
    if (!this.counts.get(k)) this.scheduleOffline(sessionId, participantId);
  }

  private scheduleOffline(sessionId: string, participantId: string): void {
    const k = `${sessionId}\u0000${participantId}`;
    const old = this.pending.get(k);
    if (old) clearTimeout(old);
    const t = setTimeout(() => {
      this.pending.delete(k);
      if (!this.counts.get(k)) this.send(sessionId, participantId, false);
    }, this.graceMs);
    t.unref();
    this.pending.set(k, t);
  }

  private send(sessionId: string, participantId: string, connected: boolean): void {
    this.runtime.execute(sessionId, { type: 'set-connected', participantId, connected }, { kind: 'system' }).catch((e: unknown) => {
      this.log.warn({ err: e, sessionId }, 'set-connected failed');
    });
  }

  close(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    this.pending.clear();
  }
}
