/** Step timers fire from the server, and are armed again after a restart. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import type { SessionView } from '@samenspel/engine';
import { configFromEnv } from '../config.js';
import { buildApp, type SamenspelApp } from '../http/app.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const dataDir = mkdtempSync(join(tmpdir(), 'samenspel-timers-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

let now = Date.UTC(2026, 10, 25, 9, 0, 0);
const clock = () => now;
const CSRF = { 'x-samenspel': '1' };

const start = () => buildApp(configFromEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', CASES_DIR: join(ROOT, 'cases') }), { clock, presenceGraceMs: 50 });

async function trainerView(s: SamenspelApp, id: string, cookie: string): Promise<SessionView> {
  return ((await s.app.inject({ url: `/api/sessions/${id}/view`, headers: { cookie } })).json() as { view: SessionView }).view;
}

it('closes a timed step when its deadline passes, also when the server restarted in between', async () => {
  let s = await start();
  const login = await s.app.inject({ method: 'POST', url: '/api/auth/login', headers: CSRF, payload: { email: s.demoLogin!.email, password: s.demoLogin!.password } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const created = (await s.app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie }, payload: { caseId: 'het-advies-dat-verdween' } })).json() as { id: string; joinCode: string };
  for (const [name, side] of [['Anna', 'ambtenaar'], ['Bert', 'bestuurder']]) {
    await s.app.inject({ method: 'POST', url: `/api/join/${created.joinCode}`, headers: CSRF, payload: { name, side } });
  }
  const send = (type: string) => s.app.inject({ method: 'POST', url: `/api/sessions/${created.id}/commands`, headers: { ...CSRF, cookie }, payload: { idempotencyKey: crypto.randomUUID(), command: { type } } });
  expect((await send('start')).statusCode).toBe(200);
  // Through the first scene to the timed discussion (300 s).
  for (let i = 0; i < 3; i++) expect((await send('advance')).statusCode).toBe(200);
  let v = await trainerView(s, created.id, cookie);
  expect(v.step?.id).toBe('gesprek');
  expect(v.step?.deadline).toBe(now + 300_000);

  await s.app.close();
  now += 301_000;
  s = await start();
  for (let i = 0; i < 50; i++) {
    v = await trainerView(s, created.id, cookie);
    if (v.step?.status !== 'open') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(v.step?.status).toBe('closed');
  expect(v.step?.closeReason).toBe('timer');
  await s.app.close();
});
