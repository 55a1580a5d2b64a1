/** One place that picks the backend: DATABASE_URL means PostgreSQL, otherwise SQLite in DATA_DIR. */
import type { Kysely } from 'kysely';
import type pg from 'pg';
import { openPostgres } from './postgres.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite.js';

export interface OpenedDatabase {
  db: Kysely<Database>;
  kind: 'sqlite' | 'postgresql';
  /** Only for PostgreSQL: the pool, for LISTEN/NOTIFY. */
  pool?: pg.Pool;
  connectionString?: string;
}

export async function openDatabase(opts: { dataDir: string; databaseUrl?: string | null; schema?: string | null }): Promise<OpenedDatabase> {
  if (opts.databaseUrl) {
    const { db, pool } = await openPostgres({ connectionString: opts.databaseUrl, ...(opts.schema ? { schema: opts.schema } : {}) });
    return { db, kind: 'postgresql', pool, connectionString: opts.databaseUrl };
  }
  return { db: await openSqlite(opts.dataDir), kind: 'sqlite' };
}
