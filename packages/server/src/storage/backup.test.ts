/** Backup from one backend, restore into the other, and the log is the same. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '@samenspel/engine';
import { backupTo, BACKUP_TABLES, restoreFrom } from './backup.js';
import { appendEvents, loadEvents } from './event-store.js';
import { dropSchema, openPostgres } from './postgres.js';
import SQLite from 'better-sqlite3';
import { openSqlite } from './sqlite.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'samenspel-backup-'));
const schema = `b_${process.pid}_${Date.now().toString(36)}`;
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore', () => {
  it('moves every table from SQLite to PostgreSQL and refuses to restore over data', async () => {
    const sqlite = await openSqlite(join(dir, 'a'));
    cleanups.push(() => sqlite.destroy());
    await sqlite.insertInto('organisations').values({ id: 'org', name: 'Gemeente Test', created_at: 1 }).execute();
    await sqlite.insertInto('live_sessions').values({ id: 's1', organisation_id: 'org', case_id: 'c', join_code: 'ABC234', projector_token_hash: 'h', status: 'lobby', created_by: 'u', created_at: 2 }).execute();
    const events: SessionEvent[] = [{ type: 'paused', at: 1 }, { type: 'resumed', at: 2 }];
    await appendEvents(sqlite, 's1', 0, events);
    const file = join(dir, 'backup.jsonl');
    expect(await backupTo(sqlite, file)).toMatchObject({ organisations: 1, live_sessions: 1, session_events: 2 });

    const { db: pg } = await openPostgres({ connectionString: PG_URL, schema });
    cleanups.push(async () => {
      await pg.destroy();
      await dropSchema(PG_URL, schema);
    });
    expect(await restoreFrom(pg, file)).toEqual({ organisations: 1, live_sessions: 1, session_events: 2 });
    expect(await loadEvents(pg, 's1')).toEqual(events);
    await expect(restoreFrom(pg, file)).rejects.toThrow(/niet leeg.*not empty/s);
    expect(await loadEvents(pg, 's1')).toEqual(events);
    // And back out of PostgreSQL (one REPEATABLE READ snapshot).
    expect(await backupTo(pg, join(dir, 'from-pg.jsonl'))).toMatchObject({ organisations: 1, live_sessions: 1, session_events: 2 });
  });

  it('names the line of a broken backup and stores nothing of it', async () => {
    const db = await openSqlite(join(dir, 'b'));
    cleanups.push(() => db.destroy());
    const file = join(dir, 'broken.jsonl');
    writeFileSync(file, `{"format":"samenspel-backup","version":1}\n{"t":"organisations","r":{"id":"o","name":"x","created_at":1}}\n{oops\n`);
    await expect(restoreFrom(db, file)).rejects.toThrow(/broken\.jsonl:3/);
    expect(await db.selectFrom('organisations').selectAll().execute()).toEqual([]);
  });

  it('covers every table the migrations create', async () => {
    const db = await openSqlite(join(dir, 'c'));
    cleanups.push(() => db.destroy());
    const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
    expect([...BACKUP_TABLES].sort()).toEqual(tables.sort());
  });

  it('lets a running server store answers while a backup of its SQLite file is taken', async () => {
    const folder = join(dir, 'live');
    const db = await openSqlite(folder);
    cleanups.push(() => db.destroy());
    await db.insertInto('organisations').values({ id: 'org', name: 'Gemeente Test', created_at: 1 }).execute();
    await db.insertInto('live_sessions').values({ id: 's1', organisation_id: 'org', case_id: 'c', join_code: 'ABC234', projector_token_hash: 'h', status: 'running', created_by: 'u', created_at: 2 }).execute();
    // Enough rows that writing the file waits for the disk, so other work runs during the backup.
    await appendEvents(db, 's1', 0, Array.from({ length: 5000 }, (_, i): SessionEvent => ({ type: 'paused', at: i })));
    // The server, as another process would see it: no waiting for a lock.
    const server = new SQLite(join(folder, 'samenspel.sqlite'));
    server.pragma('busy_timeout = 0');
    cleanups.push(async () => void server.close());
    const insert = server.prepare('INSERT INTO session_events (session_id, seq, type, payload, at) VALUES (?, ?, ?, ?, ?)');
    let seq = 5000;
    let stored = 0;
    let busy = 0;
    let running = true;
    const backup = backupTo(db, join(dir, 'live.jsonl')).finally(() => (running = false));
    while (running) {
      try {
        insert.run('s1', ++seq, 'paused', '{}', seq);
        stored++;
      } catch {
        busy++;
      }
      await new Promise((r) => setImmediate(r));
    }
    const counts = await backup;
    expect(busy).toBe(0);
    expect(stored).toBeGreaterThan(0);
    // One snapshot: the rows from the moment it began reading, not those written while it ran.
    expect(counts.session_events).toBeGreaterThanOrEqual(5000);
    expect(counts.session_events).toBeLessThan(5000 + stored);
  });
});
