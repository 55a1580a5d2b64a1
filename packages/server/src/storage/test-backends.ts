/**
 * For tests: a fresh, migrated database on each backend, SQLite in a temporary folder and
 * PostgreSQL in a schema of its own (TEST_DATABASE_URL, default the local `test` database), both
 * removed again by the returned cleanup. Use with `describe.each(testBackends(...))`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll } from 'vitest';
import { dropSchema, openPostgres } from './postgres.js';
import type { Database } from './schema.js';
import { openSqlite } from './sqlite.js';

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
let counter = 0;

/** `[name, open]` pairs; every database opened is closed and removed after the file's tests. */
export function testBackends(prefix: string): [string, () => Promise<Kysely<Database>>][] {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  return [
    [
      'sqlite',
      async () => {
        const dir = mkdtempSync(join(tmpdir(), `samenspel-${prefix}-`));
        const db = await openSqlite(dir);
        cleanups.push(async () => {
          await db.destroy();
          rmSync(dir, { recursive: true, force: true });
        });
        return db;
      },
    ],
    [
      'postgresql',
      async () => {
        const schema = `${prefix}_${process.pid}_${Date.now().toString(36)}_${++counter}`;
        const { db } = await openPostgres({ connectionString: TEST_PG_URL, schema });
        cleanups.push(async () => {
          await db.destroy();
          await dropSchema(TEST_PG_URL, schema);
        });
        return db;
      },
    ],
  ];
}
