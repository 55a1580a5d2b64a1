/**
 * The embedded default: one SQLite file in WAL mode.
 *
 * Commands are stored in groups (live/group-commit.ts) by `SqliteCommitter`: on the main
 * connection while the disk syncs fast, and by a writer thread with its own connection once it
 * does not, or once another process (a backup, a migration) holds the write lock, so the event
 * loop never waits long for the disk or for that process (decision 0008). Everything else reads
 * and writes through Kysely on the main connection; WAL lets it read while the writer writes.
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
  const isConstraint = (e) => typeof (e && e.code) === 'string' && e.code.startsWith('SQLITE_CONSTRAINT');
  return function write(items) {
    try {
      all.immediate(items);
      return items.map(() => null);
    } catch (e) {
      // One part broke a key (another writer appended to its session first, a repeated
      // idempotency key): each part alone, so only that one fails. Anything else (the lock is
      // busy, the disk is full) fails the group as a whole; trying each part would only wait again.
      if (items.length === 1 || !isConstraint(e)) return items.map(() => failure(e));
      return items.map((item) => { try { one.immediate(item); return null; } catch (e2) { return failure(e2); } });
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

/**
 * Commits longer than this (median of the last WINDOW) move to the writer thread under `auto`:
 * about where a commit on the main connection holds the event loop longer than handing the group
 * to the thread and back costs it (measured under load: 0.05-0.15 ms of the main thread per group).
 * Was 1 ms until a machine whose commits took 0.4-0.6 ms kept them on the main connection, where
 * they were a fifth of the event loop's time in a burst (decision 0008).
 */
const SLOW_COMMIT_MS = 0.3;
const WINDOW = 32;

/**
 * Stores groups of commands in one transaction each and resolves once they are on disk. Under
 * `auto` it starts on the main connection: measured on a machine whose disk syncs in ~0.15 ms,
 * that is less CPU per answer and a lower p99 than handing every group to a thread and back.
 * It moves to the writer thread for good when the median commit of the last WINDOW takes longer
 * than SLOW_COMMIT_MS (a slow disk would hold up the event loop), or when another process holds
 * the write lock: on the main connection a group does not wait for the lock at all (a backup
 * could hold it for minutes, and better-sqlite3 waits synchronously); the thread waits for it.
 * A writer thread that broke (say, it could not load better-sqlite3) sends groups back here.
 */
export class SqliteCommitter {
  private thread: SqliteWriter | null = null;
  /**
   * Under `auto`, the writer thread started beforehand and idle until the move: started at the
   * move itself it loaded better-sqlite3 and opened its connection while the first group waited,
   * and on two busy cores that held the acknowledgements of a whole burst for ~200 ms.
   */
  private standby: SqliteWriter | null = null;
  /** The writer thread failed once: the main connection stores everything from then on. */
  private threadUnusable = false;
  private readonly store: (items: readonly CommitItem[]) => StoreResult[];
  private readonly recent: number[] = [];
  private readonly busyTimeout: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly raw: SQLite.Database,
    private readonly file: string,
    private readonly commits: CommitPlace,
    private readonly slowCommitMs = SLOW_COMMIT_MS,
  ) {
    this.store = makeStore(raw);
    this.busyTimeout = raw.pragma('busy_timeout', { simple: true }) as number;
    if (commits === 'thread') this.thread = new SqliteWriter(file);
    if (commits === 'auto') this.standby = new SqliteWriter(file);
  }

  /** Where groups are stored now. */
  get place(): 'main' | 'thread' {
    return this.thread ? 'thread' : 'main';
  }

  async write(items: readonly CommitItem[]): Promise<(StoreError | null)[]> {
    if (this.thread?.broken) {
      this.thread = null;
      this.threadUnusable = true;
    }
    if (this.thread) return this.thread.write(items);
    // Through Kysely's hold on the connection, so a group never lands inside a transaction that
    // another request keeps open on it across an await; it waits for that one to end instead.
    let ms = 0;
    const results = await this.db.connection().execute(async () => {
      if (this.raw.inTransaction) throw new Error('a group commit inside an open transaction would be undone with it');
      const started = performance.now();
      // Only where the thread can take the group over; otherwise wait for the lock as before.
      const handOver = this.commits === 'auto' && !this.threadUnusable;
      if (handOver) this.raw.pragma('busy_timeout = 0');
      try {
        return this.store(items);
      } finally {
        if (handOver) this.raw.pragma(`busy_timeout = ${this.busyTimeout}`);
        ms = performance.now() - started;
      }
    });
    // Nothing of a group is stored when its BEGIN found the lock taken: the thread waits for it.
    if (results.some((r) => r?.code === 'SQLITE_BUSY') && this.moveToThread()) return this.thread!.write(items);
    if (this.isSlow(ms)) this.moveToThread();
    return results.map((r) => (r ? new StoreError(r.message, r.code) : null));
  }

  private isSlow(ms: number): boolean {
    if (this.commits !== 'auto') return false;
    this.recent.push(ms);
    if (this.recent.length < WINDOW) return false;
    const median = [...this.recent].sort((a, b) => a - b)[WINDOW >> 1]!;
    this.recent.length = 0;
    return median > this.slowCommitMs;
  }

  private moveToThread(): boolean {
    if (this.commits === 'main' || this.threadUnusable) return false;
    try {
      const thread = this.standby ?? new SqliteWriter(this.file);
      this.standby = null;
      // A standby that could not start (say, it could not load better-sqlite3): stay here.
      if (thread.broken) throw new Error('SQLite writer thread unusable');
      this.thread = thread;
      return true;
    } catch {
      this.threadUnusable = true;
      return false;
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.thread?.close(), this.standby?.close()]);
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

  /** The thread stopped or never started: every write from now on would fail. */
  get broken(): boolean {
    return this.failed !== null;
  }

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
