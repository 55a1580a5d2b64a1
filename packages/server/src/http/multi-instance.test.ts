/**
 * Two app instances on one PostgreSQL database: a command sent to one reaches a stream held by
 * the other (LISTEN/NOTIFY), and both keep one log with consecutive sequence numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { applyPatch, applyViewDiff, type SessionView, type ViewDiff, type ViewPatch } from '@samenspel/engine';
import { configFromEnv } from '../config.js';
import { dropSchema } from '../storage/postgres.js';
import { buildApp, type SamenspelApp } from './app.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `app_${process.pid}_${Date.now().toString(36)}`;
const CSRF = { 'x-samenspel': '1' };
const apps: SamenspelApp[] = [];
const dir = mkdtempSync(join(tmpdir(), 'samenspel-multi-'));

afterAll(async () => {
  for (const a of apps) await a.app.close();
  await dropSchema(PG_URL, schema);
  rmSync(dir, { recursive: true, force: true });
});

// The demo login is made (and told) by the first instance on an empty database only.
let demo: { email: string; password: string } | null = null;
const instance = async () => {
  const a = await buildApp(configFromEnv({ DATA_DIR: dir, DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema, LOG_LEVEL: 'silent', CASES_DIR: join(ROOT, 'cases') }), { presenceGraceMs: 50 });
  apps.push(a);
  demo ??= a.demoLogin ?? null;
  return a;
};

/** A stream followed as the browser does: the whole view first, then diffs and patches applied in order. */
async function follow(address: string, sessionId: string, cookie: string) {
  const res = await fetch(`${address}/api/sessions/${sessionId}/stream`, { headers: { cookie } });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const stream = {
    view: null as SessionView | null,
    patches: 0,
    /** Reads up to the next message and returns the view it leaves. */
    async next(): Promise<SessionView> {
      for (;;) {
        const end = text.indexOf('\n\n');
        if (end < 0) {
          text += decoder.decode((await reader.read()).value, { stream: true });
          continue;
        }
        const block = text.slice(0, end);
        text = text.slice(end + 2);
        const data = block.split('\n').find((l) => l.startsWith('data: '))?.slice(6);
        if (!data) continue;
        if (block.includes('event: patch')) {
          stream.patches++;
          stream.view = applyPatch(stream.view!, JSON.parse(data) as ViewPatch);
        } else if (block.includes('event: diff')) stream.view = applyViewDiff(stream.view!, JSON.parse(data) as ViewDiff);
        else stream.view = (JSON.parse(data) as { view: SessionView }).view;
        return stream.view;
      }
    },
    async until(seq: number): Promise<void> {
      while (!stream.view || stream.view.seq < seq) await stream.next();
    },
    close: () => reader.cancel(),
  };
  return stream;
}

it('fans a change made on one instance out to a stream on another', async () => {
  const a = await instance();
  const b = await instance();
  const login = await a.app.inject({ method: 'POST', url: '/api/auth/login', headers: CSRF, payload: { email: a.demoLogin!.email, password: a.demoLogin!.password } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const s = (await a.app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie }, payload: { caseId: 'het-advies-dat-verdween' } })).json() as { id: string; joinCode: string };

  // B holds the trainer's stream; A takes the join.
  const address = await b.app.listen({ port: 0, host: '127.0.0.1' });
  const stream = await follow(address, s.id, cookie);
  const first = await stream.next();
  expect(first.participants).toEqual([]);
  const joined = await a.app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: CSRF, payload: { name: 'Anna', side: 'ambtenaar' } });
  expect(joined.statusCode).toBe(201);
  const second = await stream.next();
  expect(second.participants.map((p) => p.name)).toEqual(['Anna']);
  // B decides on fresh state: its own command lands after A's event.
  const viaB = await b.app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: CSRF, payload: { name: 'Bert', side: 'bestuurder' } });
  expect(viaB.statusCode).toBe(201);
  const third = await stream.next();
  expect(third.participants.map((p) => p.name)).toEqual(['Anna', 'Bert']);
  await stream.close();
});

it('sends the streams on the other instance a patch for an answer, which gives the same view as /view', async () => {
  const a = await instance();
  const b = await instance();
  const login = await a.app.inject({ method: 'POST', url: '/api/auth/login', headers: CSRF, payload: { email: demo!.email, password: demo!.password } });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const s = (await a.app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie }, payload: { caseId: 'het-advies-dat-verdween' } })).json() as { id: string; joinCode: string };
  const seats: string[] = [];
  // Enough people that one answer does not close the step.
  for (const [name, side] of [['Anna', 'bestuurder'], ['Bert', 'ambtenaar'], ['Cem', 'ambtenaar'], ['Dewi', 'bestuurder'], ['Eva', 'ambtenaar'], ['Fleur', 'ambtenaar'], ['Gijs', 'ambtenaar'], ['Hanna', 'bestuurder']] as const) {
    const joined = await a.app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: CSRF, payload: { name, side } });
    seats.push((joined.json() as { seatToken: string }).seatToken);
  }
  let k = 0;
  const command = (command: unknown, auth: Record<string, string>) =>
    a.app.inject({ method: 'POST', url: `/api/sessions/${s.id}/commands`, headers: { ...CSRF, ...auth }, payload: { idempotencyKey: `multi-${k++}-key`, command } });
  expect((await command({ type: 'start' }, { cookie })).statusCode).toBe(200);
  expect((await command({ type: 'advance' }, { cookie })).statusCode).toBe(200);

  // B holds the trainer's stream; the answers go to A.
  const address = await b.app.listen({ port: 0, host: '127.0.0.1' });
  const stream = await follow(address, s.id, cookie);
  // They have no stream, so presence marks them away after its grace time: let that pass first.
  await new Promise((r) => setTimeout(r, 300));
  const settled = (await b.app.inject({ method: 'GET', url: `/api/sessions/${s.id}/view`, headers: { cookie } })).json() as { view: SessionView };
  await stream.until(settled.view.seq);
  const stepId = stream.view!.step!.id;
  // Whoever this step asks first.
  let answered = null;
  for (const seat of seats) {
    answered = await command({ type: 'answer', stepId, answer: { kind: 'option', optionId: stream.view!.step!.options![0]!.id } }, { authorization: `Bearer ${seat}` });
    if (answered.statusCode === 200) break;
  }
  expect(answered!.statusCode).toBe(200);
  // One event: the answer, the step stays open.
  expect((answered!.json() as { seq: number }).seq).toBe(settled.view.seq + 1);
  await stream.until((answered!.json() as { seq: number }).seq);
  expect(stream.patches).toBe(1);
  const fresh = (await b.app.inject({ method: 'GET', url: `/api/sessions/${s.id}/view`, headers: { cookie } })).json() as { view: SessionView };
  expect(stream.view).toEqual(fresh.view);
  // And the state B folded in from the notification is the one A decided.
  const onA = (await a.app.inject({ method: 'GET', url: `/api/sessions/${s.id}/view`, headers: { cookie } })).json() as { view: SessionView };
  expect(fresh.view).toEqual(onA.view);
  await stream.close();
});
