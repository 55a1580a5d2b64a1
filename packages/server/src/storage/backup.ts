/**
 * Backup and restore as JSON Lines, the same format for both backends, so a backup taken from
 * SQLite restores into PostgreSQL and the other way round. Restore only into an empty database:
 * it never overwrites what is stored.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Parents before children, for foreign keys. */
export const BACKUP_TABLES = ['organisations', 'users', 'memberships', 'auth_sessions', 'live_sessions', 'session_events', 'seats', 'idempotency_keys', 'oidc_providers', 'oidc_logins', 'audit_log', 'organisation_clients', 'invitations'] as const satisfies readonly (keyof Database)[];

const FORMAT = 'samenspel-backup';

export class BackupError extends Error {}

export async function backupTo(db: Kysely<Database>, file: string): Promise<Record<string, number>> {
  const out = createWriteStream(file, { encoding: 'utf8', flags: 'wx' });
  const counts: Record<string, number> = {};
  const write = async (line: unknown) => {
    if (!out.write(`${JSON.stringify(line)}\n`)) await once(out, 'drain');
  };
  await write({ format: FORMAT, version: 1, tables: BACKUP_TABLES, createdAt: new Date().toISOString() });
  // One read-only snapshot, so the backup is consistent and a running server goes on storing
  // answers meanwhile: a write transaction (which db.transaction() begins on SQLite) would hold
  // SQLite's write lock for the whole backup; PostgreSQL needs REPEATABLE READ for one snapshot.
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.connection().execute(async (conn) => {
    await sql.raw(postgres ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN DEFERRED').execute(conn);
    try {
      for (const table of BACKUP_TABLES) {
        const rows = await conn.selectFrom(table).selectAll().execute();
        counts[table] = rows.length;
        for (const r of rows) await write({ t: table, r });
      }
    } finally {
      await sql.raw('COMMIT').execute(conn);
    }
  });
  out.end();
  await once(out, 'finish');
  return counts;
}

export async function restoreFrom(db: Kysely<Database>, file: string): Promise<Record<string, number>> {
  for (const table of BACKUP_TABLES) {
    const row = await db.selectFrom(table).selectAll().limit(1).executeTakeFirst();
    if (row) throw new BackupError(`De database is niet leeg (tabel ${table}); herstel alleen in een lege database. / The database is not empty (table ${table}); restore only into an empty database.`);
  }
  const counts: Record<string, number> = {};
  let lineNo = 0;
  await db.transaction().execute(async (tx) => {
    let batch: { table: (typeof BACKUP_TABLES)[number]; rows: Record<string, unknown>[] } | null = null;
    const flush = async () => {
      if (batch && batch.rows.length) await tx.insertInto(batch.table).values(batch.rows as never).execute();
      batch = null;
    };
    // Created right before iterating: readline drops lines emitted before the iterator exists.
    const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    for await (const line of lines) {
      lineNo++;
      if (!line.trim()) continue;
      let parsed: { format?: string; t?: string; r?: Record<string, unknown> };
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        throw new BackupError(`${file}:${lineNo}: geen geldige JSON / not valid JSON`);
      }
      if (lineNo === 1) {
        if (parsed.format !== FORMAT) throw new BackupError(`${file}:1: geen Samenspel-backup / not a Samenspel backup`);
        continue;
      }
      const table = BACKUP_TABLES.find((t) => t === parsed.t);
      if (!table || !parsed.r) throw new BackupError(`${file}:${lineNo}: onbekende tabel / unknown table ${String(parsed.t)}`);
      if (batch === null || (batch as { table: string }).table !== table || (batch as { rows: unknown[] }).rows.length >= 200) {
        await flush();
        batch = { table, rows: [] };
      }
      (batch as { rows: Record<string, unknown>[] }).rows.push(parsed.r);
      counts[table] = (counts[table] ?? 0) + 1;
    }
    await flush();
  });
  return counts;
}
