/**
 * The seam between one process and many: "session X moved on to seq N". In-process today;
 * a PostgreSQL LISTEN/NOTIFY implementation can replace it without touching the runtime or
 * the stream, because subscribers only learn *that* something changed and read the state themselves.
 */
import type { CommitItem } from '../storage/event-store.js';

export type SessionListener = (seq: number) => void;

/** What moved a session on, for other instances: its events as stored, following `fromSeq`. */
export interface BusChange {
  fromSeq: number;
  payloads: string[];
}

/** A notification to send in the same statement as a group commit (PostgreSQL): no round trip of its own, and sent only if the group is stored. */
export interface CommitNotice {
  channel: string;
  payload: string;
}

export interface SessionBus {
  /** `change`, when given, lets another instance fold the events in without reading the log. */
  publish(sessionId: string, seq: number, change?: BusChange): void;
  /** A bus across instances may announce a group's changes from inside its commit; `publish` then need not send them again. */
  announce?(items: readonly CommitItem[]): CommitNotice | null;
  subscribe(sessionId: string, listener: SessionListener): () => void;
}

export class InProcessBus implements SessionBus {
  private readonly listeners = new Map<string, Set<SessionListener>>();

  publish(sessionId: string, seq: number): void {
    for (const l of [...(this.listeners.get(sessionId) ?? [])]) l(seq);
  }

  subscribe(sessionId: string, listener: SessionListener): () => void {
    let set = this.listeners.get(sessionId);
    if (!set) this.listeners.set(sessionId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(sessionId);
    };
  }
}
