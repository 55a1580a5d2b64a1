/**
 * The HTTP API against a real SQLite file in a temporary directory: joining, bad codes,
 * duplicate names, idempotent commands, what each participant may see, and a restart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '@samenspel/engine';
import { configFromEnv } from '../config.js';
import { buildApp, type SamenspelApp } from './app.js';
import { loadCaseFile } from '../cases/files.js';
import { pdfText } from '../reports/pdf-text.js';
import { clientCommandSchema } from './command-schema.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CASE_ID = 'het-advies-dat-verdween';
const theCase = loadCaseFile(join(ROOT, 'cases', `${CASE_ID}.case.yaml`)).case!;
const CSRF = { 'x-samenspel': '1' };

let dataDir: string;
let running: SamenspelApp | null = null;
const dirs: string[] = [];

async function start(): Promise<SamenspelApp> {
  running = await buildApp(configFromEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', CASES_DIR: join(ROOT, 'cases') }), { presenceGraceMs: 50 });
  return running;
}

async function stop(): Promise<void> {
  await running?.app.close();
  running = null;
}

async function login(app: FastifyInstance, email: string, password: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: CSRF, payload: { email, password } });
  expect(res.statusCode).toBe(200);
  const cookie = String(res.headers['set-cookie']);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  return cookie.split(';')[0]!;
}

async function createSession(app: FastifyInstance, cookie: string) {
  const res = await app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie }, payload: { caseId: CASE_ID, variables: { gemeente: 'Oosterwijk' } } });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; joinCode: string; projectorToken: string; links: Record<string, string> };
}

async function joinAs(app: FastifyInstance, code: string, name: string, side: string) {
  const res = await app.inject({ method: 'POST', url: `/api/join/${code}`, headers: CSRF, payload: { name, side } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { sessionId: string; participantId: string; seatToken: string };
}

async function command(app: FastifyInstance, sessionId: string, auth: { cookie?: string; token?: string }, cmd: object, key = crypto.randomUUID()) {
  const headers: Record<string, string> = { ...CSRF };
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  return app.inject({ method: 'POST', url: `/api/sessions/${sessionId}/commands`, headers, payload: { idempotencyKey: key, command: cmd } });
}

async function viewOf(app: FastifyInstance, sessionId: string, auth: { cookie?: string; token?: string }): Promise<SessionView> {
  const headers: Record<string, string> = {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  const res = await app.inject({ method: 'GET', url: `/api/sessions/${sessionId}/view`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { view: SessionView }).view;
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'samenspel-server-'));
  dirs.push(dataDir);
});
afterEach(stop);
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('server', () => {
  it('answers health and OpenAPI, and creates the demo trainer only once', async () => {
    const { app, demoLogin } = await start();
    expect(demoLogin?.email).toBeTruthy();
    expect((await app.inject('/api/health')).statusCode).toBe(200);
    expect((await app.inject('/api/live')).json()).toEqual({ status: 'ok' });
    expect((await app.inject('/api/ready')).json()).toEqual({ status: 'ready' });
    const doc = (await app.inject('/api/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toContain('/api/sessions/{id}/stream');
    await stop();
    const again = await start();
    expect(again.demoLogin).toBeNull();
  });

  it('refuses a wrong password in the caller’s language and forged posts without the header', async () => {
    const { app, demoLogin } = await start();
    const nl = await app.inject({ method: 'POST', url: '/api/auth/login', headers: CSRF, payload: { email: demoLogin!.email, password: 'fout' } });
    expect(nl.statusCode).toBe(401);
    expect(nl.json().error).toEqual({ code: 'login-failed', message: 'E-mailadres of wachtwoord klopt niet.' });
    const en = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { ...CSRF, 'accept-language': 'en-GB,en;q=0.9' }, payload: { email: demoLogin!.email, password: 'wrong' } });
    expect(en.json().error.message).toBe('E-mail address or password is incorrect.');
    const forged = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: demoLogin!.email, password: demoLogin!.password } });
    expect(forged.statusCode).toBe(403);
    expect(forged.json().error.code).toBe('csrf-header-missing');
  });

  it('answers bad input with a 4xx naming the field, never a 500', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const badJson = await app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie, 'content-type': 'application/json' }, payload: '{nope' });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json().error.code).toBe('invalid-json');
    const noCase = await app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie }, payload: { caseId: 'bestaat-niet' } });
    expect(noCase.statusCode).toBe(404);
    expect(noCase.json().error.message).toContain('bestaat-niet');
    const s = await createSession(app, cookie);
    const badCommand = await command(app, s.id, { cookie }, { type: 'launch-rockets' });
    expect(badCommand.statusCode).toBe(400);
    expect(badCommand.json().error.field).toBe('command.type');
    // Which values would do, in Dutch as in English.
    expect(badCommand.json().error.message).toMatch(/^Ongeldige invoer in veld "command\.type": onbekende waarde, verwacht 'choose-side' \| .*'answer'/);
    const badSide = await app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: CSRF, payload: { name: 'Ed', side: 'koning' } });
    expect(badSide.statusCode).toBe(400);
    expect(badSide.json().error.field).toBe('side');
    // zod's own reason, in the caller's language too.
    expect(badSide.json().error.message).toMatch(/^Ongeldige invoer in veld "side": Ongeldige/);
    const badEmail = await app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: { ...CSRF, 'accept-language': 'en' }, payload: { name: 'Ed', side: 'gast', email: 'geen-adres' } });
    expect(badEmail.json().error).toMatchObject({ field: 'email', message: expect.stringMatching(/^Invalid input in field "email": Invalid email/) });
    const huge = await app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: CSRF, payload: { name: 'x'.repeat(100_000), side: 'gast' } });
    expect(huge.statusCode).toBe(413);
    const malformed = await app.inject({ url: '/play/%E0%A4%A' });
    expect(malformed.statusCode).toBe(400);
    const traversal = await app.inject({ url: '/assets/..%2F..%2F..%2Fpackage.json' });
    expect(traversal.body).not.toContain('"workspaces"');
    const filtered = (await app.inject({ url: '/api/cases?setting=gemeente&groupSize=5', headers: { cookie } })).json() as { cases: { id: string; setting: string }[] };
    expect(filtered.cases.length).toBeGreaterThan(0);
    expect(filtered.cases.every((c) => c.setting === 'gemeente')).toBe(true);
    const detail = (await app.inject({ url: `/api/cases/${CASE_ID}`, headers: { cookie } })).json() as { case: { teachingNote: string } };
    expect(detail.case.teachingNote.length).toBeGreaterThan(20);
  });

  it('joins with a code, refuses wrong codes (rate-limited) and duplicate names', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const s = await createSession(app, cookie);
    expect(s.joinCode).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
    const info = await app.inject({ url: `/api/join/${s.joinCode.toLowerCase().replace(/^(...)/, '$1-')}` });
    expect(info.statusCode).toBe(200);
    expect(info.json().title).toBe('Het advies dat verdween');
    const anna = await joinAs(app, s.joinCode, 'Anna', 'ambtenaar');
    expect(anna.seatToken.length).toBeGreaterThan(30);
    const dup = await app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: CSRF, payload: { name: ' anna ', side: 'bestuurder' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('name-taken');
    expect(dup.json().error.message).toContain('anna');
    const wrong = await app.inject({ url: '/api/join/QQQQQQ' });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().error.message).toContain('QQQQQQ');
    let last = wrong;
    for (let i = 0; i < 32; i++) last = await app.inject({ url: '/api/join/QQQQQQ' });
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('too-many-requests');
    // The seat token is stored only as a hash.
    const rows = await running!.context.db.selectFrom('seats').selectAll().execute();
    expect(rows.some((r) => r.token_hash === anna.seatToken)).toBe(false);
  });

  it('returns the first result for a repeated idempotency key and takes the actor from the token', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const s = await createSession(app, cookie);
    const anna = await joinAs(app, s.joinCode, 'Anna', 'ambtenaar');
    const bert = await joinAs(app, s.joinCode, 'Bert', 'bestuurder');
    await joinAs(app, s.joinCode, 'Carla', 'raadslid');
    expect((await command(app, s.id, { cookie }, { type: 'start' })).statusCode).toBe(200);
    const v = await viewOf(app, s.id, { token: bert.seatToken });
    expect(v.step?.type).toBe('prediction');
    const who = v.step!.mine!.eligible ? bert : anna;
    const key = crypto.randomUUID();
    // Bert claims to answer for Anna; the server answers for the token's owner.
    const answer = { type: 'answer', stepId: v.step!.id, answer: { kind: 'option', optionId: 'scenarios' }, participantId: who === bert ? anna.participantId : bert.participantId };
    const first = await command(app, s.id, { token: who.seatToken }, answer, key);
    const second = await command(app, s.id, { token: who.seatToken }, answer, key);
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(second.headers['idempotent-replayed']).toBe('true');
    const trainerView = await viewOf(app, s.id, { cookie });
    expect(trainerView.step!.answeredBy).toEqual([who.participantId]);
    // A new key for the same answer is a second attempt: refused, and nothing changes.
    const third = await command(app, s.id, { token: who.seatToken }, answer);
    expect(third.statusCode).toBe(409);
    expect(third.json().error.code).toBe('already-answered');
    expect((await viewOf(app, s.id, { cookie })).seq).toBe(trainerView.seq);
    // Participants cannot steer the session.
    const sneaky = await command(app, s.id, { token: anna.seatToken }, { type: 'advance' });
    expect(sneaky.statusCode).toBe(403);
  });

  it('never sends a participant another role’s briefing or private text, on /view or the stream', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const s = await createSession(app, cookie);
    const people = [await joinAs(app, s.joinCode, 'Anna', 'ambtenaar'), await joinAs(app, s.joinCode, 'Bert', 'bestuurder'), await joinAs(app, s.joinCode, 'Carla', 'raadslid')];
    await command(app, s.id, { cookie }, { type: 'start' });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const secretsOf = (roleId: string) => {
      const role = theCase.roles.find((r) => r.id === roleId)!;
      const privates = theCase.scenes.flatMap((sc) => Object.entries(sc.private ?? {}).filter(([r]) => r === roleId).map(([, text]) => text));
      // Compare on a stretch of text without {{variables}}.
      return [role.briefing, ...privates].map((t) => t.replace(/\{\{[^}]+\}\}/g, '').slice(0, 60).trim()).filter((t) => t.length > 20);
    };
    for (const p of people) {
      const v = await viewOf(app, s.id, { token: p.seatToken });
      const mine = v.me!.role!.id;
      const viaView = JSON.stringify(v);
      const res = await fetch(`${address}/api/sessions/${s.id}/stream?token=${encodeURIComponent(p.seatToken)}`);
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      let text = '';
      // Read until the first data message is complete (it may arrive in several chunks).
      const decoder = new TextDecoder();
      while (!(text.includes('data: ') && text.indexOf('\n\n', text.indexOf('data: ')) > 0)) text += decoder.decode((await reader.read()).value, { stream: true });
      await reader.cancel();
      expect(text).toMatch(/^retry: \d+/);
      expect(text).toMatch(new RegExp(`id: ${v.seq}\\n`));
      const viaStream = text.slice(text.indexOf('data: ') + 6).split('\n')[0]!;
      const msg = JSON.parse(viaStream) as { view: SessionView; serverTime: number };
      expect(msg.view.me!.id).toBe(p.participantId);
      expect(Math.abs(msg.serverTime - Date.now())).toBeLessThan(5000);
      for (const role of theCase.roles) {
        if (role.id === mine) continue;
        for (const secret of secretsOf(role.id)) {
          expect(viaView, `${role.id} secret in ${mine}'s view`).not.toContain(secret);
          expect(viaStream, `${role.id} secret in ${mine}'s stream`).not.toContain(secret);
        }
      }
    }
    // Another session's seat token gives no access.
    const other = await createSession(app, cookie);
    const res = await app.inject({ url: `/api/sessions/${other.id}/view`, headers: { authorization: `Bearer ${people[0]!.seatToken}` } });
    expect(res.statusCode).toBe(403);
  });

  it('keeps sessions, seats and logins across a restart', async () => {
    const first = await start();
    const cookie = await login(first.app, first.demoLogin!.email, first.demoLogin!.password);
    const s = await createSession(first.app, cookie);
    const anna = await joinAs(first.app, s.joinCode, 'Anna', 'ambtenaar');
    await joinAs(first.app, s.joinCode, 'Bert', 'bestuurder');
    await command(first.app, s.id, { cookie }, { type: 'start' });
    await command(first.app, s.id, { cookie }, { type: 'fire-inject', injectId: 'krant' });
    const before = await viewOf(first.app, s.id, { cookie });
    await stop();

    const second = await start();
    const after = await viewOf(second.app, s.id, { cookie });
    expect(after.seq).toBe(before.seq);
    expect(after.step?.key).toBe(before.step?.key);
    expect(after.injects.map((i) => i.id)).toEqual(['krant']);
    const annaView = await viewOf(second.app, s.id, { token: anna.seatToken });
    expect(annaView.me!.name).toBe('Anna');
    const projector = await viewOf(second.app, s.id, { token: s.projectorToken });
    expect(projector.viewer).toBe('projector');
    expect(projector.me).toBeUndefined();
    expect((await command(second.app, s.id, { cookie }, { type: 'advance' })).statusCode).toBe(200);
  });

  it('exports participants and answers as CSV and the log as JSON, keeping anonymous answers anonymous', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const s = await createSession(app, cookie);
    const anna = await joinAs(app, s.joinCode, 'Anna', 'ambtenaar');
    await joinAs(app, s.joinCode, '=Bert', 'bestuurder');
    await command(app, s.id, { cookie }, { type: 'start' });
    await command(app, s.id, { cookie }, { type: 'advance' });
    await command(app, s.id, { cookie }, { type: 'advance' });
    const v = await viewOf(app, s.id, { token: anna.seatToken });
    expect(v.step?.id).toBe('reflectie-eerste-reactie');
    expect((await command(app, s.id, { token: anna.seatToken }, { type: 'answer', stepId: v.step!.id, answer: { kind: 'text', text: 'Een feit is toetsbaar.' } })).statusCode).toBe(200);

    const participants = await app.inject({ url: `/api/sessions/${s.id}/export/participants.csv`, headers: { cookie } });
    expect(participants.headers['content-type']).toMatch(/text\/csv/);
    expect(participants.body).toContain('Anna,ambtenaar');
    // A name that a spreadsheet would run as a formula is defused.
    expect(participants.body).toContain("'=Bert");
    const reflections = (await app.inject({ url: `/api/sessions/${s.id}/export/reflections.csv`, headers: { cookie } })).body;
    const reflection = reflections.split('\r\n').find((l) => l.includes('reflectie-eerste-reactie'))!;
    expect(reflection).toContain('Een feit is toetsbaar.');
    expect(reflection).not.toContain('Anna');
    expect(reflection).not.toContain(anna.participantId);
    const pseudo = (await app.inject({ url: `/api/sessions/${s.id}/export/participants.csv?pseudonymise=1`, headers: { cookie } })).body;
    expect(pseudo).not.toContain('Anna');
    expect(pseudo).toContain('P01');
    const xlsx = await app.inject({ url: `/api/sessions/${s.id}/export/tables.xlsx`, headers: { cookie } });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const log = (await app.inject({ url: `/api/sessions/${s.id}/export/log.json`, headers: { cookie } })).json() as { seq: number; type: string; stepKey?: string; participantId?: string | null }[];
    expect(log.map((e) => e.seq)).toEqual(log.map((_, i) => i + 1));
    const given = log.filter((e) => e.type === 'answer-given' && e.stepKey?.endsWith('reflectie-eerste-reactie'));
    expect(given).toHaveLength(1);
    expect(given[0]!.participantId).toBeNull();
    const denied = await app.inject({ url: `/api/sessions/${s.id}/export/log.json`, headers: { authorization: `Bearer ${anna.seatToken}` } });
    expect(denied.statusCode).toBe(403);
  });

  it('gives a participant their own report only after the end, and the trainer every report', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const s = await createSession(app, cookie);
    const anna = await joinAs(app, s.joinCode, 'Anna', 'ambtenaar');
    const bert = await joinAs(app, s.joinCode, 'Bert', 'bestuurder');
    await command(app, s.id, { cookie }, { type: 'start' });
    await command(app, s.id, { cookie }, { type: 'write-feedback', participantId: anna.participantId, text: 'Goed doorgevraagd.' });
    const early = await app.inject({ url: `/api/sessions/${s.id}/report`, headers: { authorization: `Bearer ${anna.seatToken}` } });
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('report-not-ready');
    await command(app, s.id, { cookie }, { type: 'end' });
    const mine = (await app.inject({ url: `/api/sessions/${s.id}/report`, headers: { authorization: `Bearer ${anna.seatToken}` } })).json() as { kind: string; report: { name: string; feedback: { text: string }[] } };
    expect(mine.kind).toBe('personal');
    expect(mine.report.name).toBe('Anna');
    expect(mine.report.feedback.map((f) => f.text)).toEqual(['Goed doorgevraagd.']);
    // Bert's report holds Bert, not Anna's feedback, whatever he puts in the query.
    const bertsOwn = (await app.inject({ url: `/api/sessions/${s.id}/report?participant=${anna.participantId}`, headers: { authorization: `Bearer ${bert.seatToken}` } })).json() as { report: { name: string; feedback: unknown[] } };
    expect(bertsOwn.report.name).toBe('Bert');
    expect(bertsOwn.report.feedback).toEqual([]);
    const session = (await app.inject({ url: `/api/sessions/${s.id}/report`, headers: { cookie } })).json() as { kind: string; report: { participants: { name: string }[] } };
    expect(session.kind).toBe('session');
    expect(session.report.participants.map((p) => p.name)).toEqual(['Anna', 'Bert']);
    const annas = (await app.inject({ url: `/api/sessions/${s.id}/report?participant=${anna.participantId}`, headers: { cookie } })).json() as { report: { name: string } };
    expect(annas.report.name).toBe('Anna');
    const pdf = await app.inject({ url: `/api/sessions/${s.id}/report.pdf`, headers: { authorization: `Bearer ${anna.seatToken}` } });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('Anna');
    expect(text).toContain('Goed doorgevraagd.');
  });

  it('marks a participant connected while their stream is open, and offline after the grace period', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const s = await createSession(app, cookie);
    const anna = await joinAs(app, s.joinCode, 'Anna', 'ambtenaar');
    const connected = async () => (await viewOf(app, s.id, { cookie })).participants.find((p) => p.id === anna.participantId)!.connected;
    const until = async (want: boolean) => {
      for (let i = 0; i < 100 && (await connected()) !== want; i++) await new Promise((r) => setTimeout(r, 20));
      return connected();
    };
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/api/sessions/${s.id}/stream`, { headers: { authorization: `Bearer ${anna.seatToken}` } });
    const reader = res.body!.getReader();
    await reader.read();
    expect(await until(true)).toBe(true);
    await reader.cancel();
    expect(await until(false)).toBe(false);
  });

  it('erases a participant after the session, and records exports and erasures in the audit log', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const session = await createSession(app, cookie);
    const anna = await joinAs(app, session.joinCode, 'Annemieke Doornbos', 'bestuurder');
    await joinAs(app, session.joinCode, 'Bram', 'ambtenaar');
    const url = `/api/sessions/${session.id}/participants/${anna.participantId}`;
    expect((await app.inject({ method: 'POST', url: `${url}/erase`, headers: { ...CSRF, cookie } })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `${url}/erase`, headers: { ...CSRF, authorization: `Bearer ${anna.seatToken}` } })).statusCode).toBe(403);
    const exported = await app.inject({ method: 'GET', url: `${url}/export`, headers: { cookie } });
    expect(exported.json()).toMatchObject({ names: ['Annemieke Doornbos'] });
    expect((await command(app, session.id, { cookie }, { type: 'start' })).statusCode).toBe(200);
    expect((await command(app, session.id, { cookie }, { type: 'end' })).statusCode).toBe(200);
    const erased = await app.inject({ method: 'POST', url: `${url}/erase`, headers: { ...CSRF, cookie } });
    expect(erased.json()).toEqual({ ok: true, pseudonym: 'Deelnemer 1' });
    const trainerView = await viewOf(app, session.id, { cookie });
    expect(JSON.stringify(trainerView)).not.toContain('Doornbos');
    expect(trainerView.participants.map((p) => p.name)).toContain('Deelnemer 1');
    const { auditTrail } = await import('../privacy/audit.js');
    const me = (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json() as { user: { organisationId: string } };
    const trail = await auditTrail(running!.context.db, me.user.organisationId);
    expect(trail.map((e) => e.action)).toEqual(['participant.erase', 'participant.export', 'session.create']);
  });

  it('gives a co-trainer a read-only observer link: the trainer view, no commands, no exports, revocable', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const s = await createSession(app, cookie);
    const anna = await joinAs(app, s.joinCode, 'Anna', 'ambtenaar');
    const bert = await joinAs(app, s.joinCode, 'Bert', 'bestuurder');
    expect((await command(app, s.id, { cookie }, { type: 'start' })).statusCode).toBe(200);
    const makeLink = (headers: Record<string, string>) => app.inject({ method: 'POST', url: `/api/sessions/${s.id}/observer-link`, headers });
    const tokenOf = (link: string) => {
      // The token rides in the fragment (never sent to a server), on the console's own address.
      const m = new RegExp(`^http://[^/]+/trainer/sessions/${s.id}#observer=([A-Za-z0-9_-]{40,})$`).exec(link);
      expect(m, link).not.toBeNull();
      return m![1]!;
    };

    // Only the trainer makes a link, and only with the CSRF header.
    expect((await makeLink({ cookie })).json().error.code).toBe('csrf-header-missing');
    const byParticipant = await makeLink({ ...CSRF, authorization: `Bearer ${anna.seatToken}` });
    expect(byParticipant.statusCode).toBe(403);
    expect(byParticipant.json().error.code).toBe('forbidden');
    expect((await makeLink({ ...CSRF, authorization: `Bearer ${s.projectorToken}` })).statusCode).toBe(403);
    const made = await makeLink({ ...CSRF, cookie });
    expect(made.statusCode, made.body).toBe(200);
    const token = tokenOf((made.json() as { link: string }).link);
    const bearer = { authorization: `Bearer ${token}` };

    // /view: the trainer's view, private texts of every role included.
    const observed = await viewOf(app, s.id, { token });
    const trainers = await viewOf(app, s.id, { cookie });
    expect(observed.viewer).toBe('trainer');
    expect(observed).toEqual(trainers);
    // The stream with ?token=, as EventSource sends it.
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${address}/api/sessions/${s.id}/stream?token=${encodeURIComponent(token)}`);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!(text.includes('data: ') && text.indexOf('\n\n', text.indexOf('data: ')) > 0)) text += decoder.decode((await reader.read()).value, { stream: true });
    await reader.cancel();
    const msg = JSON.parse(text.slice(text.indexOf('data: ') + 6).split('\n')[0]!) as { view: SessionView };
    expect(msg.view.viewer).toBe('trainer');
    expect(msg.view.seq).toBe(trainers.seq);
    // Links and reports are readable.
    const links = await app.inject({ url: `/api/sessions/${s.id}/links`, headers: bearer });
    expect(links.statusCode).toBe(200);
    expect(links.json().joinCode).toBe(s.joinCode);
    const report = await app.inject({ url: `/api/sessions/${s.id}/report`, headers: bearer });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json().kind).toBe('session');
    expect((await app.inject({ url: `/api/sessions/${s.id}/report?participant=${anna.participantId}`, headers: bearer })).json().report.name).toBe('Anna');

    // Every command a browser may send is refused, whatever it is; nothing is recorded.
    const samples: Record<string, object> = {
      'choose-side': { participantId: anna.participantId, side: 'gast' },
      rename: { participantId: anna.participantId, name: 'Annie' },
      remove: { participantId: anna.participantId },
      'assign-roles': {},
      start: {},
      answer: { stepId: observed.step?.id ?? 'x', answer: { kind: 'text', text: 'Nee.' } },
      'close-step': {},
      'reveal-step': {},
      advance: {},
      'extend-timer': { seconds: 60 },
      pause: {},
      resume: {},
      'fire-inject': { injectId: 'krant' },
      'write-feedback': { participantId: anna.participantId, text: 'Mooi.' },
      moderate: { stepKey: observed.step?.key ?? 'x', ref: 'a1', visible: false },
      'hand-over': { from: anna.participantId, to: bert.participantId },
      'switch-perspectives': {},
      end: {},
    };
    const types = clientCommandSchema.options.map((o) => o.shape.type.value);
    expect(Object.keys(samples).sort()).toEqual([...types].sort());
    for (const type of types) {
      const cmd = { type, ...samples[type] };
      // A valid command, so the refusal is about who sends it and not about its shape.
      expect(clientCommandSchema.safeParse(cmd).success, type).toBe(true);
      const refused = await command(app, s.id, { token }, cmd);
      expect(refused.statusCode, `${type}: ${refused.body}`).toBe(403);
      expect(refused.json().error.code).toBe('not-allowed');
    }
    expect((await viewOf(app, s.id, { cookie })).seq).toBe(trainers.seq);

    // No exports, no erasure, no links of its own: 403 read-only, in the caller's language.
    for (const url of [`/api/sessions/${s.id}/export/log.json`, `/api/sessions/${s.id}/export/participants.csv`, `/api/sessions/${s.id}/export/tables.xlsx`, `/api/sessions/${s.id}/participants/${anna.participantId}/export`]) {
      const r = await app.inject({ url, headers: bearer });
      expect(r.statusCode, url).toBe(403);
      expect(r.json().error.code).toBe('read-only');
    }
    const erase = await app.inject({ method: 'POST', url: `/api/sessions/${s.id}/participants/${anna.participantId}/erase`, headers: { ...CSRF, ...bearer, 'accept-language': 'en' } });
    expect(erase.statusCode).toBe(403);
    expect(erase.json().error.message).toMatch(/read-only link/);
    expect((await makeLink({ ...CSRF, ...bearer })).json().error.code).toBe('read-only');
    expect((await app.inject({ method: 'POST', url: `/api/sessions/${s.id}/projector-link`, headers: { ...CSRF, ...bearer } })).statusCode).toBe(403);
    // An observer token opens no other session.
    const other = await createSession(app, cookie);
    expect((await app.inject({ url: `/api/sessions/${other.id}/view`, headers: bearer })).statusCode).toBe(403);

    // A new link revokes the old one: on /view, on the stream, and a stream that was already open ends.
    const open = (await fetch(`${address}/api/sessions/${s.id}/stream`, { headers: bearer })).body!.getReader();
    let before = '';
    while (!before.includes('data: ')) before += decoder.decode((await open.read()).value, { stream: true });
    const fresh = tokenOf(((await makeLink({ ...CSRF, cookie })).json() as { link: string }).link);
    expect(fresh).not.toBe(token);
    let after = '';
    for (let chunk = await open.read(); !chunk.done; chunk = await open.read()) after += decoder.decode(chunk.value, { stream: true });
    expect(after).not.toContain('data: ');
    expect((await app.inject({ url: `/api/sessions/${s.id}/view`, headers: bearer })).statusCode).toBe(403);
    expect((await fetch(`${address}/api/sessions/${s.id}/stream?token=${encodeURIComponent(token)}`)).status).toBe(403);
    expect((await viewOf(app, s.id, { token: fresh })).viewer).toBe('trainer');
  });

  it('treats a repeated join with the same browser-made seat token as the same join', async () => {
    const { app, demoLogin } = await start();
    const cookie = await login(app, demoLogin!.email, demoLogin!.password);
    const session = await createSession(app, cookie);
    const seatToken = 'a'.repeat(20) + 'B-_' + 'c'.repeat(20);
    const first = await app.inject({ method: 'POST', url: `/api/join/${session.joinCode}`, headers: CSRF, payload: { name: 'Fatima', side: 'ambtenaar', seatToken } });
    expect(first.statusCode).toBe(201);
    // The answer got lost on the venue's wifi; the phone tries again with the same token.
    const again = await app.inject({ method: 'POST', url: `/api/join/${session.joinCode}`, headers: CSRF, payload: { name: 'Fatima', side: 'ambtenaar', seatToken } });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect((await viewOf(app, session.id, { cookie })).participants.filter((p) => p.name === 'Fatima')).toHaveLength(1);
    expect((await viewOf(app, session.id, { token: seatToken })).me?.name).toBe('Fatima');
    const weak = await app.inject({ method: 'POST', url: `/api/join/${session.joinCode}`, headers: CSRF, payload: { name: 'Gijs', side: 'ambtenaar', seatToken: 'kort' } });
    expect(weak.statusCode).toBe(400);
  });
});
