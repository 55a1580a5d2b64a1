/**
 * The main SQLite connection shares the file with the writer thread. A transaction that reads
 * and then writes (erasure, accepting an invitation) must not fail because the writer committed
 * in between (SQLITE_BUSY_SNAPSHOT under a deferred BEGIN): transactions begin IMMEDIATE.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openSqlite, sqliteWriter } from './sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'samenspel-sqlite-tx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('lets a read-then-write transaction finish while the writer thread commits', async () => {
  const db = await openSqlite(dir);
  try {
    await db.insertInto('organisations').values({ id: 'o', name: 'O', created_at: 1 }).execute();
    await db.insertInto('live_sessions').values({ id: 's', organisation_id: 'o', case_id: 'c', join_code: 'ABC234', projector_token_hash: 'h', status: 'running', created_by: 'u', created_at: 1 }).execute();
    const writer = sqliteWriter(db)!;
    let committed: Promise<unknown> | null = null;
    await db.transaction().execute(async (tx) => {
      await tx.selectFrom('organisations').selectAll().execute();
      // Another session's answer is stored meanwhile.
      committed = writer.write([{ sessionId: 's', events: [{ seq: 1, type: 'x', payload: '{}', at: 1 }] }]);
      await new Promise((r) => setTimeout(r, 100));
      await tx.updateTable('organisations').set({ name: 'O2' }).where('id', '=', 'o').execute();
    });
    expect(await committed).toEqual([null]);
    expect((await db.selectFrom('organisations').select('name').executeTakeFirstOrThrow()).name).toBe('O2');
    expect(await db.selectFrom('session_events').select('seq').execute()).toEqual([{ seq: 1 }]);
  } finally {
    await db.destroy();
  }
});
