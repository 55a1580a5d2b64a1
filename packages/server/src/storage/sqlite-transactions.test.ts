/**
 * Groups of commands are stored on the main connection or in a writer thread (storage/sqlite.ts).
 * A transaction that reads and then writes (erasure, accepting an invitation) must not fail
 * because a group was committed in between (SQLITE_BUSY_SNAPSHOT under a deferred BEGIN):
 * transactions begin IMMEDIATE; and a group stored on the main connection must wait for such a
 * transaction to end rather than land inside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { CommitItem } from './event-store.js';
import SQLite from 'better-sqlite3';
import { openSqlite, rawSqlite, sqliteCommitter, SqliteCommitter, type CommitPlace } from './sqlite.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function freshDb(commits: CommitPlace) {
  const dir = mkdtempSync(join(tmpdir(), 'samenspel-sqlite-tx-'));
  dirs.push(dir);
  const db = await openSqlite(dir, { commits });
  await db.insertInto('organisations').values({ id: 'o', name: 'O', created_at: 1 }).execute();
  await db.insertInto('live_sessions').values({ id: 's', organisation_id: 'o', case_id: 'c', join_code: 'ABC234', projector_token_hash: 'h', status: 'running', created_by: 'u', created_at: 1 }).execute();
  return db;
}

const event = (seq: number): CommitItem => ({ sessionId: 's', events: [{ seq, type: 'x', payload: '{}', at: 1 }] });

it.each(['main', 'thread'] as const)('lets a read-then-write transaction finish while a group is stored (%s)', async (commits) => {
  const db = await freshDb(commits);
  try {
    const committer = sqliteCommitter(db)!;
    expect(committer.place).toBe(commits);
    let committed: Promise<unknown> | null = null;
    await db.transaction().execute(async (tx) => {
      await tx.selectFrom('organisations').selectAll().execute();
      // Another session's answer is stored meanwhile.
      committed = committer.write([event(1)]);
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

it.each(['main', 'thread'] as const)('keeps a stored group when a transaction open meanwhile rolls back (%s)', async (commits) => {
  const db = await freshDb(commits);
  try {
    const committer = sqliteCommitter(db)!;
    let committed: Promise<unknown> | null = null;
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.updateTable('organisations').set({ name: 'O2' }).where('id', '=', 'o').execute();
        committed = committer.write([event(1)]);
        await new Promise((r) => setTimeout(r, 50));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    // Acknowledged means stored: the group must not have joined the transaction that was undone.
    expect(await committed).toEqual([null]);
    expect(await db.selectFrom('session_events').select('seq').execute()).toEqual([{ seq: 1 }]);
    expect((await db.selectFrom('organisations').select('name').executeTakeFirstOrThrow()).name).toBe('O');
  } finally {
    await db.destroy();
  }
});

it.each(['main', 'thread'] as const)('fails only the part of a group that conflicts (%s)', async (commits) => {
  const db = await freshDb(commits);
  try {
    const committer = sqliteCommitter(db)!;
    expect(await committer.write([event(1)])).toEqual([null]);
    const results = await committer.write([event(2), event(1), event(3)]);
    expect(results[0]).toBeNull();
    expect(results[1]?.code).toMatch(/^SQLITE_CONSTRAINT/);
    expect(results[2]).toBeNull();
    expect((await db.selectFrom('session_events').select('seq').orderBy('seq').execute()).map((r) => r.seq)).toEqual([1, 2, 3]);
  } finally {
    await db.destroy();
  }
});

it('moves to the writer thread when commits on the main connection are slow, and keeps storing', async () => {
  const db = await freshDb('main');
  try {
    // Every commit counts as slow here: a threshold of -1 ms.
    const committer = new SqliteCommitter(db, rawSqlite(db)!, join(dirs.at(-1)!, 'samenspel.sqlite'), 'auto', -1);
    expect(committer.place).toBe('main');
    for (let seq = 1; seq <= 32; seq++) expect(await committer.write([event(seq)])).toEqual([null]);
    expect(committer.place).toBe('thread');
    expect(await committer.write([event(33)])).toEqual([null]);
    expect(await db.selectFrom('session_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 33 });
    await committer.close();
  } finally {
    await db.destroy();
  }
});

it('stays on the main connection while commits are fast', async () => {
  const db = await freshDb('main');
  try {
    // Fast: under a threshold of a second, whatever the disk.
    const committer = new SqliteCommitter(db, rawSqlite(db)!, join(dirs.at(-1)!, 'samenspel.sqlite'), 'auto', 1000);
    for (let seq = 1; seq <= 64; seq++) await committer.write([event(seq)]);
    expect(committer.place).toBe('main');
  } finally {
    await db.destroy();
  }
});

it('hands a group to the writer thread, without holding up the event loop, while another process holds the write lock', async () => {
  const db = await freshDb('auto');
  const other = new SQLite(join(dirs.at(-1)!, 'samenspel.sqlite'));
  try {
    const committer = sqliteCommitter(db)!;
    expect(await committer.write([event(1)])).toEqual([null]);
    // A backup or a migration in another process.
    other.prepare('BEGIN IMMEDIATE').run();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const written = committer.write([event(2), event(3)]);
    await new Promise((r) => setTimeout(r, 300));
    other.prepare('COMMIT').run();
    expect(await written).toEqual([null, null]);
    clearInterval(ticker);
    // The event loop went on while the lock was held (a synchronous wait would leave ~0 ticks).
    expect(ticks).toBeGreaterThan(10);
    expect(committer.place).toBe('thread');
    expect((await db.selectFrom('session_events').select('seq').orderBy('seq').execute()).map((r) => r.seq)).toEqual([1, 2, 3]);
  } finally {
    other.close();
    await db.destroy();
  }
});

it('stores on the main connection when the writer thread cannot run', async () => {
  const db = await freshDb('main');
  try {
    // A thread whose database cannot be opened stops at once, as one that cannot load its driver would.
    const committer = new SqliteCommitter(db, rawSqlite(db)!, join(dirs.at(-1)!, 'missing', 'dir', 'samenspel.sqlite'), 'thread');
    for (let i = 0; i < 100 && committer.place === 'thread'; i++) {
      await committer.write([event(1)]).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(committer.place).toBe('main');
    expect(await committer.write([event(2)])).toEqual([null]);
    expect((await db.selectFrom('session_events').select('seq').execute()).map((r) => r.seq)).toContain(2);
  } finally {
    await db.destroy();
  }
});

it('does not move to a writer thread that could not start, and loses no group for it', async () => {
  const db = await freshDb('main');
  try {
    // Slow commits (threshold -1 ms) would move the groups, but the standby thread's database cannot be opened.
    const committer = new SqliteCommitter(db, rawSqlite(db)!, join(dirs.at(-1)!, 'missing', 'dir', 'samenspel.sqlite'), 'auto', -1);
    await new Promise((r) => setTimeout(r, 500));
    for (let seq = 1; seq <= 40; seq++) expect(await committer.write([event(seq)])).toEqual([null]);
    expect(committer.place).toBe('main');
    expect(await db.selectFrom('session_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 40 });
    await committer.close();
  } finally {
    await db.destroy();
  }
});
