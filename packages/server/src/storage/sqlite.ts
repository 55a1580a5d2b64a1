/**
 * The embedded default: one SQLite file in WAL mode.
 *
 * Commands are stored by a writer thread with its own connection (`SqliteWriter`), so the
 * disk sync of a commit (synchronous = FULL) does not stop the event loop: while one group
 * commit waits for the disk, the main thread goes on deciding and fanning out, and the next
 * group collects everything that arrived meanwhile. Everything else reads and writes through
 * Kysely on the main connection; WAL lets it read while the writer writes.
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, type Driver } from 'kysely';
import type { CommitItem } from './event-store.js';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

export const SQLITE_FILE = 'samenspel.sqlite';

/** An error from the writer thread with the driver's code, so callers can tell a conflict. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

interface Opened {
  file: string;
  raw: SQLite.Database;
  commits: CommitPlace;
  committer: SqliteCommitter | null;
}

/**
 * Where a group of commands is stored: `main`, on the main connection (the event loop waits for
 * the disk sync); `thread`, in a writer thread (it does not, but every group costs two thread
 * hand-overs); `auto`, on the main connection while the disk syncs fast and in the thread from
 * the moment it does not (decision 0008).
 */
export type CommitPlace = 'auto' | 'main' | 'thread';

const opened = new WeakMap<Kysely<Database>, Opened>();

export async function openSqlite(dataDir: string, opts: { commits?: CommitPlace } = {}): Promise<Kysely<Database>> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL makes every acknowledged command survive power loss, not just a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const entry: Opened = { file, raw: sqlite, commits: opts.commits ?? 'auto', committer: null };
  const db = new Kysely<Database>({ dialect: new ClosingSqliteDialect(sqlite, () => entry.committer?.close() ?? Promise.resolve()) });
  await migrateToLatest(db);
  opened.set(db, entry);
  return db;
}

/** The main connection itself, for the few hot reads that cost more through Kysely than they do in SQLite; null on PostgreSQL. */
export function rawSqlite(db: Kysely<Database>): SQLite.Database | null {
  return opened.get(db)?.raw ?? null;
}

/** What stores the groups of commands of a SQLite database (made on first use); null on PostgreSQL. */
export function sqliteCommitter(db: Kysely<Database>): SqliteCommitter | null {
  const entry = opened.get(db);
  if (!entry) return null;
  entry.committer ??= new SqliteCommitter(db, entry.raw, entry.file, entry.commits);
  return entry.committer;
}

/** Closes the writer thread together with the database. */
class ClosingSqliteDialect extends SqliteDialect {
  constructor(
    database: SQLite.Database,
    private readonly beforeDestroy: () => Promise<void>,
  ) {
    super({ database });
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    // IMMEDIATE takes the write lock at BEGIN. A deferred transaction that reads and then writes
    // fails (SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out) when the writer thread
    // committed in between, e.g. an erasure during another session's burst of answers; now the
    // writer waits the few milliseconds instead (sqlite-transactions.test.ts).
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    const destroy = driver.destroy.bind(driver);
    driver.destroy = async () => {
      await this.beforeDestroy();
      await destroy();
    };
    return driver;
  }
}

// Plain JavaScript, so the same text stores a group on the main connection and in the writer
// thread, under tsx, vitest and a build alike. The statements mirror storeItems in
// event-store.ts; the tables are in migrations.ts. Given a better-sqlite3 connection, it returns
// write(items): one transaction for the group, an error (or null) for each item.
const STORE_SOURCE = `
return function makeStore(db) {
  let s = null;
  function statements() {
    return (s ??= {
      event: db.prepare('INSERT INTO session_events (session_id, seq, type, payload, at) VALUES (?, ?, ?, ?, ?)'),
      status: db.prepare('UPDATE live_sessions SET status = ? WHERE id = ?'),
      key: db.prepare('INSERT INTO idempotency_keys (session_id, actor, key, status_code, response, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      keyIfAbsent: db.prepare('INSERT INTO idempotency_keys (session_id, actor, key, status_code, response, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING'),
    });
  }
  function apply(item) {
    const st = statements();
    for (const e of item.events) st.event.run(item.sessionId, e.seq, e.type, e.payload, e.at);
    if (item.status !== undefined) st.status.run(item.status, item.sessionId);
    const r = item.remember;
    if (r) (r.ifAbsent ? st.keyIfAbsent : st.key).run(item.sessionId, r.actor, r.key, r.statusCode, r.response, r.createdAt);
  }
  const all = db.transaction((items) => { for (const item of items) apply(item); });
  const one = db.transaction((item) => apply(item));
  const failure = (e) => ({ message: String(e && e.message || e), code: e && e.code });
  return function write(items) {
    try {
      all.immediate(items);
      return items.map(() => null);
    } catch (e) {
      // One part failed (say, another writer appended to its session first): each part alone, so only that one fails.
      return items.length === 1 ? [failure(e)] : items.map((item) => { try { one.immediate(item); return null; } catch (e2) { return failure(e2); } });
    }
  };
};
`;

type StoreResult = { message: string; code?: string } | null;
const makeStore = new Function(STORE_SOURCE)() as (db: SQLite.Database) => (items: readonly CommitItem[]) => StoreResult[];

const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
const write = (function () { ${STORE_SOURCE} })()(db);
parentPort.on('message', ({ id, items, close }) => {
  if (close) {
    db.close();
    process.exit(0);
  }
  parentPort.postMessage({ id, results: write(items) });
});
`;

/** Commits longer than this (median of the last WINDOW) move to the writer thread under `auto`. */
const SLOW_COMMIT_MS = 1;
const WINDOW = 32;

/**
 * Stores groups of commands in one transaction each and resolves once they are on disk. Under
 * `auto` it starts on the main connection: measured on the benchmark machine (disk sync ~0.15 ms)
 * that is less CPU per answer and a lower p99 than handing every group to a thread and back.
 * When the median commit of the last WINDOW takes longer than SLOW_COMMIT_MS, a slow disk would
 * hold up the event loop, and from then on the writer thread stores them.
 */
export class SqliteCommitter {
  private thread: SqliteWriter | null = null;
  private readonly store: (items: readonly CommitItem[]) => StoreResult[];
  private readonly recent: number[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    raw: SQLite.Database,
    private readonly file: string,
    private readonly commits: CommitPlace,
    private readonly slowCommitMs = SLOW_COMMIT_MS,
  ) {
    this.store = makeStore(raw);
    if (commits === 'thread') this.thread = new SqliteWriter(file);
  }

  /** Where groups are stored now. */
  get place(): 'main' | 'thread' {
    return this.thread ? 'thread' : 'main';
  }

  async write(items: readonly CommitItem[]): Promise<(StoreError | null)[]> {
    if (this.thread) return this.thread.write(items);
    // Through Kysely's hold on the connection, so a group never lands inside a transaction that
    // another request keeps open on it across an await; it waits for that one to end instead.
    const results = await this.db.connection().execute(async () => {
      const started = performance.now();
      const r = this.store(items);
      this.observe(performance.now() - started);
      return r;
    });
    return results.map((r) => (r ? new StoreError(r.message, r.code) : null));
  }

  private observe(ms: number): void {
    if (this.commits !== 'auto') return;
    this.recent.push(ms);
    if (this.recent.length < WINDOW) return;
    const median = [...this.recent].sort((a, b) => a - b)[WINDOW >> 1]!;
    this.recent.length = 0;
    if (median > this.slowCommitMs) this.thread = new SqliteWriter(this.file);
  }

  close(): Promise<void> {
    return this.thread?.close() ?? Promise.resolve();
  }
}

/**
 * One thread, one connection, one transaction per batch: `write` resolves once the batch is on
 * disk, with an error (or null) for each item.
 */
export class SqliteWriter {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (r: (StoreError | null)[]) => void; reject: (e: unknown) => void }>();
  private nextId = 1;
  private failed: Error | null = null;

  constructor(file: string) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WRITER_SOURCE, { eval: true, workerData: { file, module } });
    // Only a write in flight keeps the process alive.
    this.worker.unref();
    this.worker.on('message', ({ id, results }: { id: number; results: ({ message: string; code?: string } | null)[] }) => {
      const w = this.waiting.get(id);
      if (!w) return;
      this.waiting.delete(id);
      if (this.waiting.size === 0) this.worker.unref();
      w.resolve(results.map((r) => (r ? new StoreError(r.message, r.code) : null)));
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`SQLite writer stopped (${code})`)));
  }

  write(items: readonly CommitItem[]): Promise<(StoreError | null)[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ id, items });
    });
  }

  /** Lets the writer finish what it holds and close its connection. */
  async close(): Promise<void> {
    if (this.failed) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ close: true });
    const timer = setTimeout(() => void this.worker.terminate(), 2000);
    await exited;
    clearTimeout(timer);
  }
}
