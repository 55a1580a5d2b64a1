/**
 * The scale-out backend: PostgreSQL through the same Kysely queries and migrations as SQLite.
 * `schema` puts every table in one PostgreSQL schema (tests use a fresh one each).
 */
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { migrateToLatest } from './migrations.js';
import type { Database } from './schema.js';

const INT8 = 20;

export interface PostgresOptions {
  connectionString: string;
  schema?: string;
  maxConnections?: number;
}

export function postgresPool(opts: PostgresOptions): pg.Pool {
  return new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.maxConnections ?? 10,
    // Keep connections between bursts: opening one is a new server process, and a burst that
    // starts by opening ten waits for them (pg closes idle ones after 10 s by default).
    idleTimeoutMillis: 5 * 60_000,
    // ...without keeping a process alive that has nothing else to do.
    allowExitOnIdle: true,
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    // Epoch milliseconds are bigint columns; they fit a JS number, and both backends must return numbers.
    types: { getTypeParser: ((oid: number, format?: 'text' | 'binary') => (oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format))) as typeof pg.types.getTypeParser },
  });
}

export async function openPostgres(opts: PostgresOptions): Promise<{ db: Kysely<Database>; pool: pg.Pool }> {
  if (opts.schema && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error('invalid schema name');
  if (opts.schema) {
    const admin = new pg.Client({ connectionString: opts.connectionString });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
    } finally {
      await admin.end();
    }
  }
  const pool = postgresPool(opts);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await migrateToLatest(db, opts.schema);
  pools.set(db, pool);
  return { db, pool };
}

const pools = new WeakMap<Kysely<Database>, pg.Pool>();

/** The pool under a PostgreSQL database, for the few hot reads that go as named prepared statements; null on SQLite. */
export function rawPostgres(db: Kysely<Database>): pg.Pool | null {
  return pools.get(db) ?? null;
}

export async function dropSchema(connectionString: string, schema: string): Promise<void> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }) });
  try {
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(db);
  } finally {
    await db.destroy();
  }
}
