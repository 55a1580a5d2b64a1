/**
 * The hot reads of callerFor on both backends: the same rows as a plain Kysely query, a new link
 * seen at once (the session row is not cached), and a seat remembered from its insert until it is deleted.
 */
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { deleteSeat, findLiveSession, findSeat, insertSeat } from './live-sessions.js';
import { testBackends } from './test-backends.js';

const backends = testBackends('ls');

describe.each(backends)('live session look-ups on %s', (_name, open) => {
  it('read what Kysely reads, see a new link at once, and forget a deleted seat', async () => {
    const db = await open();
    await db.insertInto('organisations').values({ id: 'o', name: 'O', created_at: 1 }).execute();
    await db.insertInto('live_sessions').values({ id: 's', organisation_id: 'o', case_id: 'x', join_code: 'ABCD', projector_token_hash: 'p1', status: 'lobby', created_by: 'u', created_at: 1_764_000_000_000 }).execute();
    const plain = await db.selectFrom('live_sessions').selectAll().where('id', '=', 's').executeTakeFirst();
    expect(await findLiveSession(db, 's')).toEqual(plain);
    expect(typeof (await findLiveSession(db, 's'))!.created_at).toBe('number');
    expect(await findLiveSession(db, 'nope')).toBeUndefined();
    // A new projector link, written the way routes/sessions.ts writes it.
    await db.updateTable('live_sessions').set({ projector_token_hash: 'p2' }).where('id', '=', 's').execute();
    expect((await findLiveSession(db, 's'))!.projector_token_hash).toBe('p2');

    await insertSeat(db, { token_hash: 'h1', session_id: 's', participant_id: 'anna', email: null, created_at: 1 });
    // Remembered from its insert: a first command needs no read (the row gone behind its back shows it).
    await insertSeat(db, { token_hash: 'h0', session_id: 's', participant_id: 'carla', email: null, created_at: 1 });
    await db.deleteFrom('seats').where('token_hash', '=', 'h0').execute();
    expect(await findSeat(db, 'h0')).toEqual({ session_id: 's', participant_id: 'carla' });
    expect(await findSeat(db, 'h0', { fresh: true })).toBeUndefined();
    expect(await findSeat(db, 'h0')).toBeUndefined();
    expect(await findSeat(db, 'h1')).toEqual({ session_id: 's', participant_id: 'anna' });
    expect(await findSeat(db, 'h1')).toEqual({ session_id: 's', participant_id: 'anna' });
    await deleteSeat(db, 'h1');
    expect(await findSeat(db, 'h1')).toBeUndefined();
    // Deleted with its session elsewhere: a fresh read (joining) does not see it any more.
    await insertSeat(db, { token_hash: 'h2', session_id: 's', participant_id: 'bert', email: null, created_at: 1 });
    expect(await findSeat(db, 'h2')).toEqual({ session_id: 's', participant_id: 'bert' });
    await db.deleteFrom('seats').where('session_id', '=', 's').execute();
    expect(await findSeat(db, 'h2', { fresh: true })).toBeUndefined();
    expect(await findSeat(db, 'h2')).toBeUndefined();
  });
});
