/**
 * The authorization matrix: every API route, tried as every kind of caller, gets the answer it
 * should. Callers: nobody, a participant of the session, its projector, a co-trainer's read-only
 * link, the owning organisation's beheerder, trainer and programmabeheerder, a trainer of the
 * bureau that runs the session for that organisation, and a trainer of an unrelated organisation.
 * A route added without a row here fails the first test.
 */
import http from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../auth/passwords.js';
import { configFromEnv } from '../config.js';
import { buildApp, type SamenspelApp } from './app.js';
import { openApiDocument } from './openapi.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CSRF = { 'x-samenspel': '1' };
type Who = 'anonymous' | 'participant' | 'projector' | 'observer' | 'beheerder' | 'trainer' | 'programmabeheerder' | 'bureau' | 'outsider';
const WHO: Who[] = ['anonymous', 'participant', 'projector', 'observer', 'beheerder', 'trainer', 'programmabeheerder', 'bureau', 'outsider'];
const PARTICIPANT_EMAIL = 'deelnemer@example.org';

let dataDir: string;
let running: SamenspelApp;
let headers: Record<Who, Record<string, string>>;
let session: { id: string; joinCode: string };
let participantId: string;
let base: string;
let orgA: string;
let invitationToken: string;
let invitationToRevoke: string;
/** One throw-away session per caller, for the row that deletes a session. */
const toDelete = {} as Record<Who, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'samenspel-authz-'));
  // A web build of its own, so this test does not depend on whether packages/web was built.
  const webDir = join(dataDir, 'web');
  mkdirSync(webDir);
  writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Samenspel</title>');
  running = await buildApp(configFromEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', CASES_DIR: join(ROOT, 'cases'), WEB_DIR: webDir }), { presenceGraceMs: 50 });
  const { app, demoLogin, context } = running;
  const db = context.db;
  const login = async (email: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: CSRF, payload: { email, password } });
    expect(res.statusCode).toBe(200);
    return String(res.headers['set-cookie']).split(';')[0]!;
  };
  const hash = await hashPassword('wachtwoord-test');
  const member = async (id: string, organisationId: string, role: string) => {
    await db.insertInto('users').values({ id, email: `${id}@example.org`, name: id, password_hash: hash, created_at: 1 }).execute();
    await db.insertInto('memberships').values({ user_id: id, organisation_id: organisationId, role }).execute();
    return login(`${id}@example.org`, 'wachtwoord-test');
  };
  // Organisation A (the demo organisation, whose first member is its beheerder), a bureau that
  // serves A, and an unrelated organisation.
  const beheerder = await login(demoLogin!.email, demoLogin!.password);
  orgA = (await db.selectFrom('organisations').select('id').executeTakeFirstOrThrow()).id;
  await db.insertInto('organisations').values([
    { id: 'org-bureau', name: 'Trainingsbureau', created_at: 1 },
    { id: 'org-c', name: 'Gemeente Elders', created_at: 1 },
  ]).execute();
  await db.insertInto('organisation_clients').values({ bureau_id: 'org-bureau', client_id: orgA, created_at: 1 }).execute();
  const trainer = await member('trainer-a', orgA, 'trainer');
  const programme = await member('programma-a', orgA, 'programmabeheerder');
  await member('reserve-a', orgA, 'trainer');
  const bureau = await member('trainer-bureau', 'org-bureau', 'trainer');
  const outsider = await member('trainer-c', 'org-c', 'trainer');
  // The session belongs to A and is run by the bureau.
  const created = await app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie: bureau }, payload: { caseId: 'het-advies-dat-verdween', organisationId: orgA } });
  expect(created.statusCode).toBe(201);
  const body = created.json() as { id: string; joinCode: string; projectorToken: string };
  session = body;
  const joined = (await app.inject({ method: 'POST', url: `/api/join/${body.joinCode}`, headers: CSRF, payload: { name: 'Deelnemer', side: 'ambtenaar', email: PARTICIPANT_EMAIL } })).json() as { participantId: string; seatToken: string };
  participantId = joined.participantId;
  const observerLink = (await app.inject({ method: 'POST', url: `/api/sessions/${body.id}/observer-link`, headers: { ...CSRF, cookie: bureau } })).json() as { link: string };
  const observer = observerLink.link.split('#observer=')[1]!;
  const invite = async () => (await app.inject({ method: 'POST', url: '/api/organisation/invitations', headers: { ...CSRF, cookie: beheerder }, payload: { role: 'trainer' } })).json() as { id: string; link: string };
  invitationToken = (await invite()).link.split('#')[1]!;
  invitationToRevoke = (await invite()).id;
  for (const who of WHO) toDelete[who] = ((await app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie: bureau }, payload: { caseId: 'het-advies-dat-verdween', organisationId: orgA } })).json() as { id: string }).id;
  headers = {
    anonymous: {},
    participant: { authorization: `Bearer ${joined.seatToken}` },
    projector: { authorization: `Bearer ${body.projectorToken}` },
    observer: { authorization: `Bearer ${observer}` },
    beheerder: { cookie: beheerder },
    trainer: { cookie: trainer },
    programmabeheerder: { cookie: programme },
    bureau: { cookie: bureau },
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
  url: (who: Who) => string;
  body?: (who: Who) => unknown;
  expect: Record<Who, number>;
}

const all = (status: number): Record<Who, number> => Object.fromEntries(WHO.map((w) => [w, status])) as Record<Who, number>;
/** Without a login: 401 for everyone who has only a token. */
const users = (u: Partial<Record<'beheerder' | 'trainer' | 'programmabeheerder' | 'bureau' | 'outsider', number>> & { rest: number }): Record<Who, number> => ({
  anonymous: 401,
  participant: 401,
  projector: 401,
  observer: 401,
  beheerder: u.beheerder ?? u.rest,
  trainer: u.trainer ?? u.rest,
  programmabeheerder: u.programmabeheerder ?? u.rest,
  bureau: u.bureau ?? u.rest,
  outsider: u.outsider ?? u.rest,
});
/** Session routes: the token holders' answers, then the people's (the bureau runs this session). */
const inSession = (tokens: { participant: number; projector: number; observer: number }, run: number, follow: number): Record<Who, number> => ({
  anonymous: 401,
  ...tokens,
  beheerder: run,
  trainer: run,
  programmabeheerder: follow,
  bureau: run,
  outsider: 403,
});
const sid = () => session.id;
const onlyBeheerder = (ok: number) => users({ beheerder: ok, rest: 403 });

const ROWS: Row[] = [
  { method: 'GET', route: '/api/health', url: () => '/api/health', expect: all(200) },
  { method: 'GET', route: '/api/live', url: () => '/api/live', expect: all(200) },
  { method: 'GET', route: '/api/ready', url: () => '/api/ready', expect: all(200) },
  { method: 'GET', route: '/api/openapi.json', url: () => '/api/openapi.json', expect: all(200) },
  { method: 'GET', route: '/*', url: () => '/trainer', expect: all(200) },
  { method: 'POST', route: '/api/auth/login', url: () => '/api/auth/login', body: () => ({ email: 'niemand@example.org', password: 'fout' }), expect: all(401) },
  { method: 'GET', route: '/api/auth/me', url: () => '/api/auth/me', expect: users({ rest: 200 }) },
  // Switching to organisation A: only its members may.
  { method: 'POST', route: '/api/auth/organisation', url: () => '/api/auth/organisation', body: () => ({ organisationId: orgA }), expect: users({ rest: 200, bureau: 403, outsider: 403 }) },
  { method: 'GET', route: '/api/auth/oidc', url: () => '/api/auth/oidc', expect: all(200) },
  { method: 'GET', route: '/api/auth/oidc/:organisationId/start', url: () => '/api/auth/oidc/org-c/start', expect: all(404) },
  { method: 'GET', route: '/api/auth/oidc/callback', url: () => '/api/auth/oidc/callback?code=x&state=y', expect: all(302) },
  { method: 'GET', route: '/api/cases', url: () => '/api/cases', expect: users({ rest: 200 }) },
  { method: 'GET', route: '/api/cases/:id', url: () => '/api/cases/het-advies-dat-verdween', expect: users({ rest: 200 }) },
  // Each for the organisation the caller works in.
  { method: 'GET', route: '/api/organisation', url: () => '/api/organisation', expect: users({ rest: 200 }) },
  { method: 'POST', route: '/api/organisation/settings', url: () => '/api/organisation/settings', body: () => ({ retentionDays: 90 }), expect: onlyBeheerder(200) },
  { method: 'GET', route: '/api/organisation/members', url: () => '/api/organisation/members', expect: onlyBeheerder(200) },
  { method: 'POST', route: '/api/organisation/members/:userId/role', url: () => '/api/organisation/members/reserve-a/role', body: () => ({ role: 'programmabeheerder' }), expect: onlyBeheerder(200) },
  { method: 'GET', route: '/api/organisation/invitations', url: () => '/api/organisation/invitations', expect: onlyBeheerder(200) },
  { method: 'POST', route: '/api/organisation/invitations', url: () => '/api/organisation/invitations', body: () => ({ role: 'trainer' }), expect: onlyBeheerder(201) },
  { method: 'POST', route: '/api/organisation/invitations/:id/revoke', url: () => `/api/organisation/invitations/${invitationToRevoke}/revoke`, expect: onlyBeheerder(200) },
  // A is itself a client of the bureau, so it may not take on clients of its own.
  { method: 'POST', route: '/api/organisation/clients', url: () => '/api/organisation/clients', body: () => ({ name: 'Waterschap' }), expect: onlyBeheerder(409) },
  // A has no clients, and org-c is not A's bureau: the beheerder hears so, the others may not ask.
  { method: 'POST', route: '/api/organisation/clients/:clientId/invitation', url: () => '/api/organisation/clients/org-c/invitation', expect: onlyBeheerder(404) },
  { method: 'POST', route: '/api/organisation/bureaus/:bureauId/end', url: () => '/api/organisation/bureaus/org-c/end', expect: onlyBeheerder(404) },
  { method: 'GET', route: '/api/organisation/audit', url: () => '/api/organisation/audit', expect: onlyBeheerder(200) },
  { method: 'POST', route: '/api/organisation/people/export', url: () => '/api/organisation/people/export', body: () => ({ email: PARTICIPANT_EMAIL }), expect: onlyBeheerder(200) },
  // The session still runs: the answer names it and erases nothing yet.
  { method: 'POST', route: '/api/organisation/people/erase', url: () => '/api/organisation/people/erase', body: () => ({ email: PARTICIPANT_EMAIL }), expect: onlyBeheerder(200) },
  { method: 'GET', route: '/api/organisation/research-export', url: () => '/api/organisation/research-export', expect: users({ beheerder: 200, programmabeheerder: 200, rest: 403 }) },
  { method: 'POST', route: '/api/invitations/lookup', url: () => '/api/invitations/lookup', body: () => ({ token: invitationToken }), expect: all(200) },
  // An unknown token: without a login nobody gets as far as looking it up.
  { method: 'POST', route: '/api/invitations/accept', url: () => '/api/invitations/accept', body: () => ({ token: 'x'.repeat(43) }), expect: users({ rest: 404 }) },
  { method: 'GET', route: '/api/sessions', url: () => '/api/sessions', expect: users({ rest: 200 }) },
  { method: 'POST', route: '/api/sessions', url: () => '/api/sessions', body: () => ({ caseId: 'het-advies-dat-verdween' }), expect: users({ rest: 201, programmabeheerder: 403 }) },
  { method: 'GET', route: '/api/join/:code', url: () => `/api/join/${session.joinCode}`, expect: all(200) },
  { method: 'GET', route: '/api/join/:code/qr.svg', url: () => `/api/join/${session.joinCode}/qr.svg`, expect: all(200) },
  { method: 'POST', route: '/api/join/:code', url: () => `/api/join/${session.joinCode}`, body: (who) => ({ name: `Nieuw ${who}`, side: 'raadslid' }), expect: all(201) },
  { method: 'GET', route: '/api/sessions/:id/view', url: () => `/api/sessions/${sid()}/view`, expect: inSession({ participant: 200, projector: 200, observer: 200 }, 200, 403) },
  { method: 'GET', route: '/api/sessions/:id/stream', url: () => `/api/sessions/${sid()}/stream`, expect: inSession({ participant: 200, projector: 200, observer: 200 }, 200, 403) },
  { method: 'GET', route: '/api/sessions/:id/links', url: () => `/api/sessions/${sid()}/links`, expect: inSession({ participant: 403, projector: 200, observer: 200 }, 200, 403) },
  { method: 'POST', route: '/api/sessions/:id/commands', url: () => `/api/sessions/${sid()}/commands`, body: () => ({ idempotencyKey: crypto.randomUUID(), command: { type: 'resume' } }), expect: inSession({ participant: 403, projector: 403, observer: 403 }, 409, 403) },
  { method: 'GET', route: '/api/sessions/:id/export/:file', url: () => `/api/sessions/${sid()}/export/choices.csv`, expect: inSession({ participant: 403, projector: 403, observer: 403 }, 200, 403) },
  // The programmabeheerder follows the group: the session report once it has ended, not a person's.
  { method: 'GET', route: '/api/sessions/:id/report', url: () => `/api/sessions/${sid()}/report`, expect: inSession({ participant: 409, projector: 403, observer: 200 }, 200, 409) },
  { method: 'GET', route: '/api/sessions/:id/report.pdf', url: () => `/api/sessions/${sid()}/report.pdf?participant=${participantId}`, expect: inSession({ participant: 409, projector: 403, observer: 200 }, 200, 403) },
  { method: 'GET', route: '/api/sessions/:id/participants/:participantId/export', url: () => `/api/sessions/${sid()}/participants/${participantId}/export`, expect: inSession({ participant: 403, projector: 403, observer: 403 }, 200, 403) },
  { method: 'POST', route: '/api/sessions/:id/participants/:participantId/erase', url: () => `/api/sessions/${sid()}/participants/${participantId}/erase`, expect: inSession({ participant: 403, projector: 403, observer: 403 }, 409, 403) },
  // Each caller tries to delete a session of their own; the projector's and others' tokens are for another session.
  { method: 'POST', route: '/api/sessions/:id/delete', url: (who) => `/api/sessions/${toDelete[who]}/delete`, expect: inSession({ participant: 403, projector: 403, observer: 403 }, 200, 403) },
  // Making a new link revokes the old one, so these two come after every row that uses those tokens.
  { method: 'POST', route: '/api/sessions/:id/projector-link', url: () => `/api/sessions/${sid()}/projector-link`, expect: inSession({ participant: 403, projector: 403, observer: 403 }, 200, 403) },
  { method: 'POST', route: '/api/sessions/:id/observer-link', url: () => `/api/sessions/${sid()}/observer-link`, expect: inSession({ participant: 403, projector: 403, observer: 403 }, 200, 403) },
  // Last of the organisation rows: the reserve member leaves.
  { method: 'POST', route: '/api/organisation/members/:userId/remove', url: () => '/api/organisation/members/reserve-a/remove', expect: onlyBeheerder(200) },
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

  it('describes every API route in the OpenAPI document', () => {
    const paths = openApiDocument.paths as Record<string, Record<string, unknown>>;
    const missing = running.routes.filter((r) => r.includes(' /api/')).filter((r) => {
      const [method, route] = r.split(' ') as [string, string];
      return !paths[route.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    });
    expect(missing).toEqual([]);
  });

  for (const row of ROWS)
    it(`${row.method} ${row.route}`, async () => {
      const got: Partial<Record<Who, number>> = {};
      for (const who of WHO) {
        const h = { ...headers[who], ...(row.method === 'POST' ? CSRF : {}) };
        if (row.route.endsWith('/stream')) got[who] = await streamStatus(row.url(who), h);
        else got[who] = (await running.app.inject({ method: row.method, url: row.url(who), headers: h, ...(row.body ? { payload: row.body(who) as object } : {}) })).statusCode;
      }
      expect(got).toEqual(row.expect);
    });

  it('lists only the caller’s own organisation’s sessions, and those it runs for clients', async () => {
    const ids = async (who: Who) => ((await running.app.inject({ method: 'GET', url: '/api/sessions', headers: headers[who] })).json() as { sessions: { id: string }[] }).sessions.map((s) => s.id);
    expect(await ids('outsider')).not.toContain(session.id);
    expect(await ids('bureau')).toContain(session.id);
    expect(await ids('programmabeheerder')).toContain(session.id);
  });

  it('does not let a bureau into its client’s own sessions', async () => {
    const own = (await running.app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, ...headers.trainer }, payload: { caseId: 'het-advies-dat-verdween' } })).json() as { id: string };
    expect((await running.app.inject({ method: 'GET', url: `/api/sessions/${own.id}/view`, headers: headers.bureau })).statusCode).toBe(403);
    expect((await running.app.inject({ method: 'GET', url: `/api/sessions/${own.id}/view`, headers: headers.beheerder })).statusCode).toBe(200);
  });

  it('refuses a session for an organisation that is not one’s client', async () => {
    const res = await running.app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, ...headers.bureau }, payload: { caseId: 'het-advies-dat-verdween', organisationId: 'org-c' } });
    expect(res.statusCode).toBe(403);
    expect((res.json() as { error: { code: string } }).error.code).toBe('unknown-client');
  });

  // Last: it ends the trainers' logins.
  it('POST /api/auth/logout', async () => {
    for (const who of WHO) expect((await running.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...headers[who], ...CSRF } })).statusCode).toBe(200);
    for (const who of ['beheerder', 'trainer', 'programmabeheerder', 'bureau', 'outsider'] as const) expect((await running.app.inject({ method: 'GET', url: '/api/auth/me', headers: headers[who] })).statusCode).toBe(401);
  });
});
