/**
 * Group commit on both backends: SQLite through its writer thread, PostgreSQL (127.0.0.1:5432,
 * database `test`, trust auth, a fresh schema) through one Kysely transaction per group.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '@samenspel/engine';
import { appendEvents, eventRows, loadEvents, type CommitItem } from '../storage/event-store.js';
import { findResponse } from '../storage/idempotency.js';
import { GroupCommitter } from './group-commit.js';
import { testBackends } from '../storage/test-backends.js';

const ev = (at: number): SessionEvent => ({ type: 'paused', at });
const backends = testBackends('gc');

const item = (sessionId: string, afterSeq: number, events: SessionEvent[], key?: string, ifAbsent = false): CommitItem => ({
  sessionId,
  events: eventRows(afterSeq, events),
  ...(key ? { remember: { actor: 'participant:p', key, statusCode: 200, response: JSON.stringify({ ok: true, seq: afterSeq + events.length }), createdAt: 1, ifAbsent } } : {}),
});

describe.each(backends)('group commit on %s', (_name, open) => {
  it('commits the appends of one turn together, and fails only the part that conflicts', async () => {
    const db = await open();
    await db.insertInto('organisations').values({ id: 'o', name: 'O', created_at: 1 }).execute();
    for (const id of ['a', 'b', 'c', 'd']) await db.insertInto('live_sessions').values({ id, organisation_id: 'o', case_id: 'x', join_code: id, projector_token_hash: 'h', status: 'lobby', created_by: 'u', created_at: 1 }).execute();
    await appendEvents(db, 'c', 0, [ev(1)]);
    const committer = new GroupCommitter(db);
    const results = await Promise.allSettled([
      committer.commit(item('a', 0, [ev(1), ev(2)], 'key-a')),
      committer.commit(item('b', 0, [ev(1)])),
      // A stale writer: session c already has seq 1.
      committer.commit(item('c', 0, [ev(9)])),
      committer.commit({ ...item('d', 0, [ev(1)]), status: 'running' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(String((results[2] as PromiseRejectedResult).reason?.message ?? (results[2] as PromiseRejectedResult).reason)).toMatch(/session_events|duplicate key/);
    expect((await loadEvents(db, 'a')).length).toBe(2);
    expect((await loadEvents(db, 'b')).length).toBe(1);
    expect((await loadEvents(db, 'c')).map((e) => e.at)).toEqual([1]);
    expect((await db.selectFrom('live_sessions').select('status').where('id', '=', 'd').executeTakeFirstOrThrow()).status).toBe('running');
    expect(await findResponse(db, 'a', 'participant:p', 'key-a')).toEqual({ statusCode: 200, body: { ok: true, seq: 2 } });

    // A repeated key fails its command as a whole (no events stored); a refusal's key keeps the first.
    const again = await Promise.allSettled([committer.commit(item('a', 2, [ev(3)], 'key-a')), committer.commit(item('b', 1, [ev(2)], 'key-a', true)), committer.commit(item('a', 2, [ev(4)], 'key-a', true))]);
    expect(again.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(String((again[0] as PromiseRejectedResult).reason?.message)).toMatch(/idempotency_keys/);
    expect((await loadEvents(db, 'a')).map((e) => e.at)).toEqual([1, 2, 4]);
    expect(await findResponse(db, 'a', 'participant:p', 'key-a')).toEqual({ statusCode: 200, body: { ok: true, seq: 2 } });
  });
});

describe('group commit on postgresql, one group at a time', () => {
  const open = backends.find(([name]) => name === 'postgresql')![1];

  it('holds what is decided while a group is on its way for one group after it', async () => {
    const base = await open();
    await base.insertInto('organisations').values({ id: 'o', name: 'O', created_at: 1 }).execute();
    for (const id of ['a', 'b', 'c']) await base.insertInto('live_sessions').values({ id, organisation_id: 'o', case_id: 'x', join_code: id, projector_token_hash: 'h', status: 'lobby', created_by: 'u', created_at: 1 }).execute();
    // Every statement the committer sends is counted; the first one's answer is held back until
    // the gate opens, so the group is certainly still on its way while the others are decided.
    let statements = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const db = base.withPlugin({
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => {
        if (statements === 1) await gate;
        return args.result;
      },
    });
    const committer = new GroupCommitter(db);
    const turn = () => new Promise((r) => setImmediate(r));
    const first = committer.commit(item('a', 0, [ev(1)]));
    await turn();
    const second = committer.commit(item('b', 0, [ev(1)]));
    // A turn later, as the next answer of a burst would come: with two groups allowed on their
    // way, the second would have left on its own by now.
    await turn();
    await turn();
    const third = committer.commit(item('c', 0, [ev(1)]));
    expect(statements).toBe(1);
    release();
    await Promise.all([first, second, third]);
    expect(statements).toBe(2);
    for (const id of ['a', 'b', 'c']) expect((await loadEvents(base, id)).length).toBe(1);
  });
});
