import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionEvent } from '@samenspel/engine';
import { appendEvents, loadEvents } from '../storage/event-store.js';
import { openSqlite } from '../storage/sqlite.js';
import { applyRetention } from './retention.js';

const dir = mkdtempSync(join(tmpdir(), 'samenspel-retention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DAY = 86_400_000;

describe('retention', () => {
  it('erases participants of sessions older than the organisation keeps them, once, and leaves recent ones alone', async () => {
    const db = await openSqlite(dir);
    const now = 1_800_000_000_000;
    await db.insertInto('organisations').values({ id: 'org', name: 'Gemeente Test', created_at: 1, retention_days: 30 }).execute();
    for (const [id, at] of [['old', now - 31 * DAY], ['new', now - 29 * DAY]] as const) {
      await db.insertInto('live_sessions').values({ id, organisation_id: 'org', case_id: 'c', join_code: id.toUpperCase(), projector_token_hash: 'h', status: 'ended', created_by: 'u', created_at: at }).execute();
      await db.insertInto('seats').values({ token_hash: `t-${id}`, session_id: id, participant_id: 'p1', email: 'iemand@example.org', created_at: at }).execute();
      const events: SessionEvent[] = [{ type: 'participant-joined', at, participantId: 'p1', name: 'Geertruida Plomp', side: 'ambtenaar' }];
      await appendEvents(db, id, 0, events);
    }
    expect(await applyRetention(db, now)).toEqual({ sessions: 1, participants: 1 });
    expect(JSON.stringify(await loadEvents(db, 'old'))).not.toContain('Plomp');
    expect(JSON.stringify(await loadEvents(db, 'new'))).toContain('Geertruida Plomp');
    expect((await db.selectFrom('seats').select('email').where('session_id', '=', 'old').executeTakeFirst())?.email).toBeNull();
    expect(await applyRetention(db, now)).toEqual({ sessions: 0, participants: 0 });
    await db.destroy();
  });
});
