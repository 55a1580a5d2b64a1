/** A person erased from a finished session can no longer be found in any table; the debrief still renders. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { decide, debrief, evolve, initialState, parseCase, replay, view, type Actor, type Command, type SessionEvent } from '@samenspel/engine';
import { appendEvents, loadEvents } from '../storage/event-store.js';
import { dropSchema, openPostgres } from '../storage/postgres.js';
import type { Database } from '../storage/schema.js';
import { openSqlite } from '../storage/sqlite.js';
import { eraseParticipantFromSession, exportParticipant } from './erase.js';

const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const caseFile = parseCase(readFileSync(fileURLToPath(new URL('../../../../cases/het-advies-dat-verdween.case.yaml', import.meta.url)), 'utf8')).case!;
const dir = mkdtempSync(join(tmpdir(), 'samenspel-erase-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(dir, { recursive: true, force: true });
});

/** A short played session with a distinctive name in every kind of place. */
function playedLog(): SessionEvent[] {
  let state = initialState();
  const log: SessionEvent[] = [];
  let now = 1_764_000_000_000;
  const run = (command: Command, actor: Actor = { kind: 'trainer' }) => {
    const d = decide(state, command, actor, (now += 1000));
    if (!d.ok) throw new Error(d.refusal.code);
    for (const e of d.events) (state = evolve(state, e)), log.push(e);
  };
  run({ type: 'create', case: caseFile, variables: {}, seed: 5 });
  run({ type: 'join', participantId: 'p1', name: 'Wilhelmina Zwartbroek', side: 'bestuurder' }, { kind: 'participant', participantId: 'p1' });
  run({ type: 'join', participantId: 'p2', name: 'Bram', side: 'ambtenaar' }, { kind: 'participant', participantId: 'p2' });
  run({ type: 'start' });
  run({ type: 'write-feedback', participantId: 'p1', text: 'Wilhelmina, je tegenspraak was scherp.' });
  run({ type: 'advance' });
  run({ type: 'answer', stepId: 'reactie-adviseur', answer: { kind: 'option', optionId: 'handhaven' } }, { kind: 'participant', participantId: 'p2' });
  run({ type: 'advance' });
  run({ type: 'answer', stepId: 'reflectie-eerste-reactie', answer: { kind: 'text', text: 'Zwartbroek gaf de doorslag.' } }, { kind: 'participant', participantId: 'p2' });
  run({ type: 'end' });
  return log;
}

async function everyTableAsText(db: Kysely<Database>): Promise<string> {
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
  let all = '';
  for (const t of tables) all += JSON.stringify(await sql`select * from ${sql.table(t)}`.execute(db));
  return all;
}

const backends: [string, () => Promise<Kysely<Database>>][] = [
  ['sqlite', async () => {
    const db = await openSqlite(join(dir, 'a'));
    cleanups.push(() => db.destroy());
    return db;
  }],
  ['postgresql', async () => {
    const schema = `e_${process.pid}_${Date.now().toString(36)}`;
    const { db } = await openPostgres({ connectionString: PG_URL, schema });
    cleanups.push(async () => {
      await db.destroy();
      await dropSchema(PG_URL, schema);
    });
    return db;
  }],
];

describe.each(backends)('erasure on %s', (_name, open) => {
  it('leaves no trace of the name or e-mail in any table, and the debrief still renders', async () => {
    const db = await open();
    await db.insertInto('organisations').values({ id: 'org', name: 'Gemeente Test', created_at: 1 }).execute();
    await db.insertInto('live_sessions').values({ id: 's', organisation_id: 'org', case_id: caseFile.id, join_code: 'ABC234', projector_token_hash: 'h', status: 'ended', created_by: 'u', created_at: 1 }).execute();
    await db.insertInto('seats').values({ token_hash: 't1', session_id: 's', participant_id: 'p1', email: 'w.zwartbroek@gemeente.example', created_at: 1 }).execute();
    await db.insertInto('idempotency_keys').values({ session_id: 's', actor: 'trainer:u', key: 'k', status_code: 409, response: '{"detail":{"name":"Wilhelmina Zwartbroek"}}', created_at: 1 }).execute();
    const log = playedLog();
    await appendEvents(db, 's', 0, log);
    const before = replay(await loadEvents(db, 's'));
    expect(await everyTableAsText(db)).toContain('Zwartbroek');

    const exported = await exportParticipant(db, 's', 'p1');
    expect(exported.email).toBe('w.zwartbroek@gemeente.example');
    expect(exported.names).toEqual(['Wilhelmina Zwartbroek']);

    await eraseParticipantFromSession(db, 's', 'p1', 'Deelnemer 1');
    const all = await everyTableAsText(db);
    const hit = /.{80}(Zwartbroek|Wilhelmina|w\.zwartbroek).{40}/.exec(all);
    expect(hit?.[0] ?? null).toBeNull();
    const after = replay(await loadEvents(db, 's'));
    expect(after.participants.p1!.name).toBe('Deelnemer 1');
    expect(debrief(after)).toEqual(debrief(before));
    expect(JSON.stringify(view(after, { kind: 'trainer' }))).toContain('Deelnemer 1');
  });
});
