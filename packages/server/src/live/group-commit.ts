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

/**
 * One group on its way at a time, on both backends. SQLite has one writer. PostgreSQL could
 * commit two at once, so that a command decided meanwhile need not wait for the one on its way;
 * but each group costs a transaction, a round trip and a log flush whatever its size, and in a
 * burst that is CPU on the cores the server shares with the database. With one in flight the
 * groups are twice as large: bench:live on PostgreSQL, three pairs of three runs, p50 8.3 / 7.9 /
 * 8.5 ms against 17.2 / 14.1 / 17.7, p99 66 / 54.4 / 66.5 against 139.4 / 115.8 / 98.1, the
 * server's CPU per answer 1.4–1.5 against 1.6–1.7 ms and PostgreSQL's 0.3 against 0.4. With a
 * few answers at a time (--quick) an answer may wait for one commit (~1 ms); p50 7.1 and 8.1
 * against 6.9 and 6.0 ms.
 */
const MAX_IN_FLIGHT = 1;

export class GroupCommitter {
  private pending: { item: CommitItem; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly sqlite: SqliteCommitter | null;
  private readonly store: (items: CommitItem[]) => Promise<void>;

  constructor(
    private readonly db: Kysely<Database>,
    announce?: SessionBus['announce'],
  ) {
    this.sqlite = sqliteCommitter(db);
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
    if (this.scheduled || this.inFlight >= MAX_IN_FLIGHT) return;
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
