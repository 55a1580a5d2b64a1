/**
 * The same migrations and queries on both backends: SQLite in a temp dir, and the
 * PostgreSQL on 127.0.0.1:5432 (database `test`, trust auth) in a fresh schema per run.
 */
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '@samenspel/engine';
import { appendEvents, loadEvents } from './event-store.js';
import { testBackends } from './test-backends.js';

const backends = testBackends('t');

const ev = (at: number): SessionEvent => ({ type: 'paused', at });

describe.each(backends)('storage on %s', (_name, open) => {
  it('migrates, appends with consecutive sequence numbers, and refuses a second writer at the same seq', async () => {
    const db = await open();
    await db.insertInto('organisations').values({ id: 'org', name: 'Gemeente Test', created_at: 1 }).execute();
    await db
      .insertInto('live_sessions')
      .values({ id: 's1', organisation_id: 'org', case_id: 'c', join_code: 'ABC234', projector_token_hash: 'h', status: 'lobby', created_by: 'u', created_at: 1_764_000_000_000 })
      .execute();
    await appendEvents(db, 's1', 0, [ev(1), ev(2)]);
    await appendEvents(db, 's1', 2, [ev(3)]);
    // A second instance that read the log at seq 2 loses: the (session, seq) key is the guard.
    await expect(appendEvents(db, 's1', 2, [ev(99)])).rejects.toThrow();
    expect((await loadEvents(db, 's1')).map((e) => e.at)).toEqual([1, 2, 3]);
    const row = await db.selectFrom('live_sessions').select(['created_at']).where('id', '=', 's1').executeTakeFirstOrThrow();
    // Epoch milliseconds come back as numbers on both backends.
    expect(row.created_at).toBe(1_764_000_000_000);
  });

  it('keeps a transaction all-or-nothing', async () => {
    const db = await open();
    await db.insertInto('organisations').values({ id: 'org', name: 'Gemeente Test', created_at: 1 }).execute();
    await db.insertInto('live_sessions').values({ id: 's2', organisation_id: 'org', case_id: 'c', join_code: 'DEF567', projector_token_hash: 'h', status: 'lobby', created_by: 'u', created_at: 1 }).execute();
    await expect(
      db.transaction().execute(async (tx) => {
        await appendEvents(tx, 's2', 0, [ev(1)]);
        await appendEvents(tx, 's2', 0, [ev(2)]);
      }),
    ).rejects.toThrow();
    expect(await loadEvents(db, 's2')).toEqual([]);
  });
});
