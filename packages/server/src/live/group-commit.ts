/**
 * Group commit: the appends of every session that decided something in the same turn of the
 * event loop go to the database in one transaction, so a burst of answers costs one disk sync
 * instead of one per answer. Each session has at most one command in flight (its queue), so
 * a batch never holds two appends of one session; if the batch fails as a whole (say, another
 * instance appended to one of its sessions first), each part is retried alone so only the
 * conflicting one fails. Nobody is acknowledged before the transaction holding their events
 * has committed.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../storage/schema.js';

type Work = (tx: Transaction<Database>) => Promise<void>;

export class GroupCommitter {
  private pending: { work: Work; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing = false;
  private scheduled = false;

  constructor(private readonly db: Kysely<Database>) {}

  commit(work: Work): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ work, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    const batch = this.pending.splice(0);
    try {
      await this.db.transaction().execute(async (tx) => {
        for (const b of batch) await b.work(tx);
      });
      for (const b of batch) b.resolve();
    } catch (e) {
      if (batch.length === 1) batch[0]!.reject(e);
      else
        for (const b of batch) {
          try {
            await this.db.transaction().execute((tx) => b.work(tx));
            b.resolve();
          } catch (err) {
            b.reject(err);
          }
        }
    } finally {
      this.flushing = false;
      if (this.pending.length > 0) this.schedule();
    }
  }
}
