/** Deleting a session: refused while it runs; afterwards only the audit log still names its id. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { configFromEnv } from '../config.js';
import { buildApp } from '../http/app.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CSRF = { 'x-samenspel': '1' };
const dir = mkdtempSync(join(tmpdir(), 'samenspel-delete-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('deletes an ended session and everything of it, and keeps the fact in the audit log', async () => {
  const { app, demoLogin, context } = await buildApp(configFromEnv({ DATA_DIR: dir, LOG_LEVEL: 'silent', CASES_DIR: join(ROOT, 'cases') }), { presenceGraceMs: 50 });
  try {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: CSRF, payload: demoLogin! });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const s = (await app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie }, payload: { caseId: 'het-advies-dat-verdween' } })).json() as { id: string; joinCode: string };
    const joined = (await app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: CSRF, payload: { name: 'Ans', side: 'ambtenaar', email: 'ans@example.org' } })).json() as { seatToken: string };
    await app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: CSRF, payload: { name: 'Bert', side: 'bestuurder' } });
    const command = (type: string) => app.inject({ method: 'POST', url: `/api/sessions/${s.id}/commands`, headers: { ...CSRF, cookie }, payload: { idempotencyKey: crypto.randomUUID(), command: { type } } });
    expect((await command('start')).statusCode).toBe(200);
    const refused = await app.inject({ method: 'POST', url: `/api/sessions/${s.id}/delete`, headers: { ...CSRF, cookie, 'accept-language': 'en' } });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.message).toBe('A running session cannot be deleted: end it first.');
    expect((await command('end')).statusCode).toBe(200);
    expect((await app.inject({ method: 'POST', url: `/api/sessions/${s.id}/delete`, headers: { ...CSRF, cookie } })).statusCode).toBe(200);

    const db = context.db;
    const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
    const holding: string[] = [];
    for (const t of tables) {
      const text = JSON.stringify((await sql`select * from ${sql.table(t)}`.execute(db)).rows);
      if (text.includes(s.id) || text.includes('ans@example.org')) holding.push(t);
    }
    expect(holding).toEqual(['audit_log']);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${s.id}/view`, headers: { cookie } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/sessions/${s.id}/view`, headers: { authorization: `Bearer ${joined.seatToken}` } })).statusCode).toBe(404);
    const audit = (await app.inject({ method: 'GET', url: '/api/organisation/audit', headers: { cookie } })).json() as { entries: { action: string; subjectId: string }[] };
    expect(audit.entries).toContainEqual(expect.objectContaining({ action: 'session.delete', subjectId: s.id }));
    expect((await app.inject({ method: 'GET', url: '/api/sessions', headers: { cookie } })).json().sessions).toEqual([]);
  } finally {
    await app.close();
  }
});
