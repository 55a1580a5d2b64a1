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
  writer: SqliteWriter | null;
}

const opened = new WeakMap<Kysely<Database>, Opened>();

export async function openSqlite(dataDir: string): Promise<Kysely<Database>> {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  // FULL makes every acknowledged command survive power loss, not just a process crash.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const entry: Opened = { file, raw: sqlite, writer: null };
  const db = new Kysely<Database>({ dialect: new ClosingSqliteDialect(sqlite, () => entry.writer?.close() ?? Promise.resolve()) });
  await migrateToLatest(db);
  opened.set(db, entry);
  return db;
}

/** The main connection itself, for the few hot reads that cost more through Kysely than they do in SQLite; null on PostgreSQL. */
export function rawSqlite(db: Kysely<Database>): SQLite.Database | null {
  return opened.get(db)?.raw ?? null;
}

/** The writer thread of a SQLite database (started on first use); null on PostgreSQL. */
export function sqliteWriter(db: Kysely<Database>): SqliteWriter | null {
  const entry = opened.get(db);
  if (!entry) return null;
  entry.writer ??= new SqliteWriter(entry.file);
  return entry.writer;
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

// Plain JavaScript, so the thread runs the same under tsx, vitest and a build. The statements
// mirror storeItems in event-store.ts; the tables are in migrations.ts.
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.module);
const db = new SQLite(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
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
parentPort.on('message', ({ id, items, close }) => {
  if (close) {
    db.close();
    process.exit(0);
  }
  let results;
  try {
    all.immediate(items);
    results = items.map(() => null);
  } catch (e) {
    // One part failed (say, another writer appended to its session first): each part alone, so only that one fails.
    results = items.length === 1 ? [failure(e)] : items.map((item) => { try { one.immediate(item); return null; } catch (e2) { return failure(e2); } });
  }
  parentPort.postMessage({ id, results });
});
`;

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

  write(items: CommitItem[]): Promise<(StoreError | null)[]> {
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
