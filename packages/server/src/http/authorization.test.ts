/**
 * The authorization matrix: every API route, tried as every kind of caller, gets the answer it
 * should. Callers: nobody, a participant of the session, its projector, a co-trainer's read-only
 * link, a trainer of the owning organisation, and a trainer of another organisation. A route
 * added without a row here fails the first test.
 */
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords.js';
import { configFromEnv } from '../config.js';
import { buildApp, type SamenspelApp } from './app.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CSRF = { 'x-samenspel': '1' };
type Who = 'anonymous' | 'participant' | 'projector' | 'observer' | 'trainer' | 'outsider';
const WHO: Who[] = ['anonymous', 'participant', 'projector', 'observer', 'trainer', 'outsider'];

let dataDir: string;
let running: SamenspelApp;
let headers: Record<Who, Record<string, string>>;
let session: { id: string; joinCode: string };
let participantId: string;
let base: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'samenspel-authz-'));
  // A web build of its own, so this test does not depend on whether packages/web was built.
  const webDir = join(dataDir, 'web');
  mkdirSync(webDir);
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Samenspel</title>');
  running = await buildApp(configFromEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', CASES_DIR: join(ROOT, 'cases'), WEB_DIR: webDir }), { presenceGraceMs: 50 });
  const { app, demoLogin, context } = running;
  const login = async (email: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: CSRF, payload: { email, password } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0]!;
  };
  const trainer = await login(demoLogin!.email, demoLogin!.password);
  // Another organisation with its own trainer.
  await context.db.insertInto('organisations').values({ id: 'org-b', name: 'Gemeente Elders', created_at: 1 }).execute();
  await context.db.insertInto('users').values({ id: 'user-b', email: 'trainer@elders.example', name: 'B', password_hash: await hashPassword('wachtwoord-b'), created_at: 1 }).execute();
  await context.db.insertInto('memberships').values({ user_id: 'user-b', organisation_id: 'org-b', role: 'trainer' }).execute();
  const outsider = await login('trainer@elders.example', 'wachtwoord-b');
  const created = await app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie: trainer }, payload: { caseId: 'het-advies-dat-verdween' } });
  const body = created.json() as { id: string; joinCode: string; projectorToken: string };
  session = body;
  const joined = (await app.inject({ method: 'POST', url: `/api/join/${body.joinCode}`, headers: CSRF, payload: { name: 'Deelnemer', side: 'ambtenaar' } })).json() as { participantId: string; seatToken: string };
  participantId = joined.participantId;
  const observerLink = (await app.inject({ method: 'POST', url: `/api/sessions/${body.id}/observer-link`, headers: { ...CSRF, cookie: trainer } })).json() as { link: string };
  const observer = observerLink.link.split('#observer=')[1]!;
  headers = {
    anonymous: {},
    participant: { authorization: `Bearer ${joined.seatToken}` },
    projector: { authorization: `Bearer ${body.projectorToken}` },
    observer: { authorization: `Bearer ${observer}` },
    trainer: { cookie: trainer },
    outsider: { cookie: outsider },
  };
  base = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await running?.app.close();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Row {
  method: 'GET' | 'POST';
  route: string;
  url: () => string;
  body?: (who: Who) => unknown;
  expect: Record<Who, number>;
}

const all = (status: number): Record<Who, number> => Object.fromEntries(WHO.map((w) => [w, status])) as Record<Who, number>;
const sid = () => session.id;

const ROWS: Row[] = [
  { method: 'GET', route: '/api/health', url: () => '/api/health', expect: all(200) },
  { method: 'GET', route: '/api/live', url: () => '/api/live', expect: all(200) },
  { method: 'GET', route: '/api/ready', url: () => '/api/ready', expect: all(200) },
  { method: 'GET', route: '/api/openapi.json', url: () => '/api/openapi.json', expect: all(200) },
  { method: 'GET', route: '/*', url: () => '/trainer', expect: all(200) },
  { method: 'POST', route: '/api/auth/login', url: () => '/api/auth/login', body: () => ({ email: 'niemand@example.org', password: 'fout' }), expect: all(401) },
  { method: 'GET', route: '/api/auth/me', url: () => '/api/auth/me', expect: { anonymous: 401, participant: 401, projector: 401, observer: 401, trainer: 200, outsider: 200 } },
  { method: 'GET', route: '/api/auth/oidc', url: () => '/api/auth/oidc', expect: all(200) },
  { method: 'GET', route: '/api/auth/oidc/:organisationId/start', url: () => '/api/auth/oidc/org-b/start', expect: all(404) },
  { method: 'GET', route: '/api/auth/oidc/callback', url: () => '/api/auth/oidc/callback?code=x&state=y', expect: all(302) },
  { method: 'GET', route: '/api/cases', url: () => '/api/cases', expect: { anonymous: 401, participant: 401, projector: 401, observer: 401, trainer: 200, outsider: 200 } },
  { method: 'GET', route: '/api/cases/:id', url: () => '/api/cases/het-advies-dat-verdween', expect: { anonymous: 401, participant: 401, projector: 401, observer: 401, trainer: 200, outsider: 200 } },
  { method: 'GET', route: '/api/sessions', url: () => '/api/sessions', expect: { anonymous: 401, participant: 401, projector: 401, observer: 401, trainer: 200, outsider: 200 } },
  { method: 'POST', route: '/api/sessions', url: () => '/api/sessions', body: () => ({ caseId: 'het-advies-dat-verdween' }), expect: { anonymous: 401, participant: 401, projector: 401, observer: 401, trainer: 201, outsider: 201 } },
  { method: 'GET', route: '/api/join/:code', url: () => `/api/join/${session.joinCode}`, expect: all(200) },
  { method: 'GET', route: '/api/join/:code/qr.svg', url: () => `/api/join/${session.joinCode}/qr.svg`, expect: all(200) },
  { method: 'POST', route: '/api/join/:code', url: () => `/api/join/${session.joinCode}`, body: (who) => ({ name: `Nieuw ${who}`, side: 'raadslid' }), expect: all(201) },
  { method: 'GET', route: '/api/sessions/:id/view', url: () => `/api/sessions/${sid()}/view`, expect: { anonymous: 401, participant: 200, projector: 200, observer: 200, trainer: 200, outsider: 403 } },
  { method: 'GET', route: '/api/sessions/:id/stream', url: () => `/api/sessions/${sid()}/stream`, expect: { anonymous: 401, participant: 200, projector: 200, observer: 200, trainer: 200, outsider: 403 } },
  { method: 'GET', route: '/api/sessions/:id/links', url: () => `/api/sessions/${sid()}/links`, expect: { anonymous: 401, participant: 403, projector: 200, observer: 200, trainer: 200, outsider: 403 } },
  { method: 'POST', route: '/api/sessions/:id/commands', url: () => `/api/sessions/${sid()}/commands`, body: () => ({ idempotencyKey: crypto.randomUUID(), command: { type: 'resume' } }), expect: { anonymous: 401, participant: 403, projector: 403, observer: 403, trainer: 409, outsider: 403 } },
  { method: 'GET', route: '/api/sessions/:id/export/:file', url: () => `/api/sessions/${sid()}/export/choices.csv`, expect: { anonymous: 401, participant: 403, projector: 403, observer: 403, trainer: 200, outsider: 403 } },
  { method: 'GET', route: '/api/sessions/:id/report', url: () => `/api/sessions/${sid()}/report`, expect: { anonymous: 401, participant: 409, projector: 403, observer: 200, trainer: 200, outsider: 403 } },
  { method: 'GET', route: '/api/sessions/:id/report.pdf', url: () => `/api/sessions/${sid()}/report.pdf?participant=${participantId}`, expect: { anonymous: 401, participant: 409, projector: 403, observer: 200, trainer: 200, outsider: 403 } },
  { method: 'GET', route: '/api/sessions/:id/participants/:participantId/export', url: () => `/api/sessions/${sid()}/participants/${participantId}/export`, expect: { anonymous: 401, participant: 403, projector: 403, observer: 403, trainer: 200, outsider: 403 } },
  { method: 'POST', route: '/api/sessions/:id/participants/:participantId/erase', url: () => `/api/sessions/${sid()}/participants/${participantId}/erase`, expect: { anonymous: 401, participant: 403, projector: 403, observer: 403, trainer: 409, outsider: 403 } },
  // Making a new link revokes the old one, so these two come after every row that uses those tokens.
  { method: 'POST', route: '/api/sessions/:id/projector-link', url: () => `/api/sessions/${sid()}/projector-link`, expect: { anonymous: 401, participant: 403, projector: 403, observer: 403, trainer: 200, outsider: 403 } },
  { method: 'POST', route: '/api/sessions/:id/observer-link', url: () => `/api/sessions/${sid()}/observer-link`, expect: { anonymous: 401, participant: 403, projector: 403, observer: 403, trainer: 200, outsider: 403 } },
];

/** The status of a stream request, without waiting for the stream to end. */
function streamStatus(url: string, h: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${url}`, { headers: h }, (res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on('error', reject);
  });
}

describe('authorization matrix', () => {
  it('has a row for every route the server registers', () => {
    const covered = new Set([...ROWS.map((r) => `${r.method} ${r.route}`), 'POST /api/auth/logout']);
    expect(running.routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  for (const row of ROWS)
    it(`${row.method} ${row.route}`, async () => {
      const got: Partial<Record<Who, number>> = {};
      for (const who of WHO) {
        const h = { ...headers[who], ...(row.method === 'POST' ? CSRF : {}) };
        if (row.route.endsWith('/stream')) got[who] = await streamStatus(row.url(), h);
        else got[who] = (await running.app.inject({ method: row.method, url: row.url(), headers: h, ...(row.body ? { payload: row.body(who) as object } : {}) })).statusCode;
      }
      expect(got).toEqual(row.expect);
    });

  it('lists only the caller’s own organisation’s sessions', async () => {
    const list = (await running.app.inject({ method: 'GET', url: '/api/sessions', headers: headers.outsider })).json() as { sessions: { id: string }[] };
    expect(list.sessions.map((s) => s.id)).not.toContain(session.id);
  });

  // Last: it ends the trainers' logins.
  it('POST /api/auth/logout', async () => {
    for (const who of WHO) expect((await running.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers[who], ...CSRF } })).statusCode).toBe(200);
    expect((await running.app.inject({ method: 'GET', url: '/api/auth/me', headers: headers.trainer })).statusCode).toBe(401);
  });
});
