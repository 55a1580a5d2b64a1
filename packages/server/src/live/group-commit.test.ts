import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '@samenspel/engine';
import { appendEvents, loadEvents } from '../storage/event-store.js';
import { openSqlite } from '../storage/sqlite.js';
import { GroupCommitter } from './group-commit.js';

const dir = mkdtempSync(join(tmpdir(), 'samenspel-gc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ev = (at: number): SessionEvent => ({ type: 'paused', at });

describe('group commit', () => {
  it('commits the appends of one turn together, and fails only the part that conflicts', async () => {
    const db = await openSqlite(dir);
    await db.insertInto('organisations').values({ id: 'o', name: 'O', created_at: 1 }).execute();
    for (const id of ['a', 'b', 'c']) await db.insertInto('live_sessions').values({ id, organisation_id: 'o', case_id: 'x', join_code: id, projector_token_hash: 'h', status: 'lobby', created_by: 'u', created_at: 1 }).execute();
    await appendEvents(db, 'c', 0, [ev(1)]);
    const committer = new GroupCommitter(db);
    const results = await Promise.allSettled([
      committer.commit((tx) => appendEvents(tx, 'a', 0, [ev(1), ev(2)])),
      committer.commit((tx) => appendEvents(tx, 'b', 0, [ev(1)])),
      // A stale writer: session c already has seq 1.
      committer.commit((tx) => appendEvents(tx, 'c', 0, [ev(9)])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((await loadEvents(db, 'a')).length).toBe(2);
    expect((await loadEvents(db, 'b')).length).toBe(1);
    expect((await loadEvents(db, 'c')).map((e) => e.at)).toEqual([1]);
    await db.destroy();
  });
});
