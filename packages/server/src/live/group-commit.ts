/**
 * Group commit: what every session decided while the previous commit was on its way to disk (or
 * in the same turn of the event loop) goes to the database in one transaction, so a burst of
 * answers costs one disk sync per group instead of one per answer. Each session has at most one
 * command in flight (its queue), so a group never holds two commands of one session; if a group
 * fails as a whole (say, another instance appended to one of its sessions first, or a retried
 * idempotency key), each part is retried alone so only that one fails. Nobody is acknowledged
 * before the transaction holding their events has committed.
 *
 * On SQLite the group goes to storage/sqlite.ts's committer (on the main connection while the
 * disk syncs fast, else in a writer thread so the event loop does not wait for a slow disk); on
 * PostgreSQL it is one statement (one round trip, its own transaction).
 */
import { PostgresAdapter, type Kysely } from 'kysely';
import { storeItems, storeItemsAtOnce, type CommitItem } from '../storage/event-store.js';
import type { Database } from '../storage/schema.js';
import type { SessionBus } from './bus.js';
import { sqliteCommitter, type SqliteCommitter } from '../storage/sqlite.js';

/** Enough for a whole burst, few enough that one PostgreSQL statement stays well under its parameter limit. */
const MAX_GROUP = 500;

export class GroupCommitter {
  private pending: { item: CommitItem; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly sqlite: SqliteCommitter | null;
  private readonly store: (items: CommitItem[]) => Promise<void>;
  /**
   * Groups on their way at once. SQLite has one writer, so one. PostgreSQL commits several
   * transactions at once (and flushes its log for all of them together), so a command decided
   * while a group is on its way need not wait for it: two. Groups never share a session (one
   * command per session at a time), so they cannot conflict with each other.
   */
  private readonly maxInFlight: number;

  constructor(
    private readonly db: Kysely<Database>,
    announce?: SessionBus['announce'],
  ) {
    this.sqlite = sqliteCommitter(db);
    this.maxInFlight = this.sqlite ? 1 : 2;
    // PostgreSQL takes a whole group in one statement; elsewhere one transaction with a statement per table.
    this.store = db.getExecutor().adapter instanceof PostgresAdapter ? (items) => storeItemsAtOnce(db, items, announce?.(items)) : (items) => db.transaction().execute((tx) => storeItems(tx, items));
  }

  commit(item: CommitItem): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    this.inFlight++;
    const batch = this.pending.splice(0, MAX_GROUP);
    try {
      if (this.sqlite) {
        const results = await this.sqlite.write(batch.map((b) => b.item));
        batch.forEach((b, i) => (results[i] ? b.reject(results[i]) : b.resolve()));
      } else await this.viaKysely(batch);
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      this.inFlight--;
      if (this.pending.length > 0) this.schedule();
    }
  }

  private async viaKysely(batch: typeof this.pending): Promise<void> {
    try {
      await this.store(batch.map((b) => b.item));
      for (const b of batch) b.resolve();
    } catch (e) {
      if (batch.length === 1) return batch[0]!.reject(e);
      for (const b of batch) {
        try {
          await this.store([b.item]);
          b.resolve();
        } catch (err) {
          b.reject(err);
        }
      }
    }
  }
}
