/** A PostgreSQL schema of its own for one benchmark run, dropped afterwards, so runs never see each other's data. */
import pg from 'pg';

export const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A new schema name; the server creates the schema and its tables on start (DATABASE_SCHEMA). */
export function freshSchema(): string {
  return `bench_${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

export async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  try {
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await c.end().catch(() => undefined);
  }
}
