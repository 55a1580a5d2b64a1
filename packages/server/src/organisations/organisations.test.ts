/**
 * Organisations end to end over HTTP, on SQLite and on PostgreSQL: invitation links (new and
 * existing accounts, one use), roles and the last beheerder, a bureau taking on a client and
 * running a session for it, switching organisations, a person's data exported and erased across
 * every session of the organisation, and the research export.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../config.js';
import { buildApp, type SamenspelApp } from '../http/app.js';
import { dropSchema } from '../storage/postgres.js';
import { removeMember, setMemberRole } from './members.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CSRF = { 'x-samenspel': '1' };
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function start(backend: 'sqlite' | 'postgresql'): Promise<SamenspelApp> {
  const dir = mkdtempSync(join(tmpdir(), 'samenspel-org-'));
  const schema = `org_${process.pid}_${Date.now().toString(36)}`;
  const env: Record<string, string> = { DATA_DIR: dir, LOG_LEVEL: 'silent', CASES_DIR: join(ROOT, 'cases') };
  if (backend === 'postgresql') Object.assign(env, { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema });
  const running = await buildApp(configFromEnv(env), { presenceGraceMs: 50 });
  cleanups.push(async () => {
    await running.app.close();
    if (backend === 'postgresql') await dropSchema(PG_URL, schema);
    rmSync(dir, { recursive: true, force: true });
  });
  return running;
}

type Auth = { cookie?: string; token?: string };
function call(app: FastifyInstance, method: 'GET' | 'POST', url: string, auth: Auth = {}, payload?: object) {
  const headers: Record<string, string> = method === 'POST' ? { ...CSRF } : {};
  if (auth.cookie) headers.cookie = auth.cookie;
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  return app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
}
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;
const tokenOf = (link: string) => link.split('#')[1]!;

async function everyTableAsText(app: SamenspelApp): Promise<string> {
  const db = app.context.db;
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_'));
  let all = '';
  for (const t of tables) all += JSON.stringify(await sql`select * from ${sql.table(t)}`.execute(db));
  return all;
}

describe.each(['sqlite', 'postgresql'] as const)('organisations on %s', (backend) => {
  it('keeps a beheerder when two beheerders demote or remove each other at the same moment', async () => {
    const { context } = await start(backend);
    const db = context.db;
    let without = 0;
    for (let i = 0; i < 10; i++) {
      const org = `race-${i}`;
      await db.insertInto('organisations').values({ id: org, name: org, created_at: 1 }).execute();
      for (const u of ['a', 'b']) {
        await db.insertInto('users').values({ id: `${u}${i}`, email: `${u}${i}@race.example`, name: u, password_hash: 'x', created_at: 1 }).execute();
        await db.insertInto('memberships').values({ user_id: `${u}${i}`, organisation_id: org, role: 'beheerder' }).execute();
      }
      const both = i % 2 ? [setMemberRole(db, org, `a${i}`, 'trainer'), setMemberRole(db, org, `b${i}`, 'trainer')] : [removeMember(db, org, `a${i}`), removeMember(db, org, `b${i}`)];
      const settled = await Promise.allSettled(both);
      expect(settled.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const left = await db.selectFrom('memberships').select('user_id').where('organisation_id', '=', org).where('role', '=', 'beheerder').execute();
      if (left.length === 0) without++;
    }
    expect(without).toBe(0);
  });

  it('answers two people racing to make the same account with 201 and 409, never a 500', async () => {
    const { app, demoLogin } = await start(backend);
    const beheerder = cookieOf(await call(app, 'POST', '/api/auth/login', {}, { email: demoLogin!.email, password: demoLogin!.password }));
    for (let round = 0; round < 3; round++) {
      const links = await Promise.all([0, 1].map(async () => tokenOf(((await call(app, 'POST', '/api/organisation/invitations', { cookie: beheerder }, { role: 'trainer' })).json() as { link: string }).link)));
      const account = { name: 'Dubbel', email: `dubbel${round}@example.org`, password: 'een lang wachtwoord' };
      const answers = await Promise.all(links.map((token) => call(app, 'POST', '/api/invitations/accept', {}, { token, account })));
      expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 409]);
      expect(['account-exists', 'conflict']).toContain(answers.find((a) => a.statusCode === 409)!.json().error.code);
    }
  });

  it('ends an open trainer stream when the trainer is demoted, and when they log out', async () => {
    const { app, demoLogin } = await start(backend);
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    const beheerder = cookieOf(await call(app, 'POST', '/api/auth/login', {}, { email: demoLogin!.email, password: demoLogin!.password }));
    const invite = async () => tokenOf(((await call(app, 'POST', '/api/organisation/invitations', { cookie: beheerder }, { role: 'trainer' })).json() as { link: string }).link);
    const account = (n: number) => ({ name: `Trainer ${n}`, email: `trainer${n}@example.org`, password: 'een lang wachtwoord' });
    const first = cookieOf(await call(app, 'POST', '/api/invitations/accept', {}, { token: await invite(), account: account(1) }));
    const second = cookieOf(await call(app, 'POST', '/api/invitations/accept', {}, { token: await invite(), account: account(2) }));
    const session = (await call(app, 'POST', '/api/sessions', { cookie: first }, { caseId: 'het-advies-dat-verdween' })).json() as { id: string };
    /** Resolves when the server ends the stream; reads (and drops) its messages meanwhile. */
    const ended = async (cookie: string) => {
      const res = await fetch(`${base}/api/sessions/${session.id}/stream`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const reader = res.body!.getReader();
      await reader.read();
      return { done: (async () => { while (!(await reader.read()).done); })(), cancel: () => reader.cancel() };
    };
    const within = (p: Promise<void>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

    const a = await ended(first);
    const b = await ended(second);
    const userId = ((await call(app, 'GET', '/api/auth/me', { cookie: first })).json().user as { id: string }).id;
    expect((await call(app, 'POST', `/api/organisation/members/${userId}/role`, { cookie: beheerder }, { role: 'programmabeheerder' })).statusCode).toBe(200);
    expect(await within(a.done, 5000)).toBe(true);
    // The other trainer keeps theirs, until they log out.
    expect(await within(b.done, 300)).toBe(false);
    await call(app, 'POST', '/api/auth/logout', { cookie: second });
    expect(await within(b.done, 5000)).toBe(true);
  });

  it('invites by link, keeps a beheerder, serves clients, and handles a person’s requests', async () => {
    const running = await start(backend);
    const { app, demoLogin } = running;
    const beheerder = cookieOf(await call(app, 'POST', '/api/auth/login', {}, { email: demoLogin!.email, password: demoLogin!.password }));
    const me = (await call(app, 'GET', '/api/auth/me', { cookie: beheerder })).json().user as { role: string; organisationId: string };
    expect(me.role).toBe('beheerder');

    // An invitation: looked up without a login, accepted with a new account, used once.
    const invite = (await call(app, 'POST', '/api/organisation/invitations', { cookie: beheerder }, { role: 'trainer' })).json() as { link: string };
    expect(invite.link).toMatch(/\/uitnodiging#[\w-]{20,}$/);
    const token = tokenOf(invite.link);
    expect((await call(app, 'POST', '/api/invitations/lookup', {}, { token })).json()).toMatchObject({ organisationName: 'Demo-organisatie', role: 'trainer' });
    const short = await call(app, 'POST', '/api/invitations/accept', {}, { token, account: { name: 'Tara Trainer', email: 'tara@example.org', password: 'kort' } });
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toMatchObject({ code: 'password-too-short', field: 'account.password' });
    const accepted = await call(app, 'POST', '/api/invitations/accept', {}, { token, account: { name: 'Tara Trainer', email: 'Tara@Example.org', password: 'een lang wachtwoord' } });
    expect(accepted.statusCode, accepted.body).toBe(201);
    const tara = cookieOf(accepted);
    expect((await call(app, 'GET', '/api/auth/me', { cookie: tara })).json().user).toMatchObject({ role: 'trainer', email: 'tara@example.org' });
    expect((await call(app, 'POST', '/api/invitations/accept', {}, { token, account: { name: 'X', email: 'x@example.org', password: 'een lang wachtwoord' } })).json().error.code).toBe('unknown-invitation');
    // A trainer runs sessions but does not manage the organisation.
    expect((await call(app, 'GET', '/api/organisation/members', { cookie: tara })).json().error.code).toBe('role-forbidden');

    // The last beheerder cannot step down or leave; after handing over, they can.
    const members = (await call(app, 'GET', '/api/organisation/members', { cookie: beheerder })).json().members as { userId: string; email: string }[];
    const demoId = members.find((m) => m.email === demoLogin!.email)!.userId;
    const taraId = members.find((m) => m.email === 'tara@example.org')!.userId;
    expect((await call(app, 'POST', `/api/organisation/members/${demoId}/role`, { cookie: beheerder }, { role: 'trainer' })).json().error.code).toBe('last-beheerder');
    expect((await call(app, 'POST', `/api/organisation/members/${demoId}/remove`, { cookie: beheerder })).json().error.code).toBe('last-beheerder');
    expect((await call(app, 'POST', `/api/organisation/members/${taraId}/role`, { cookie: beheerder }, { role: 'koning' })).json().error).toMatchObject({ code: 'invalid-input', field: 'role' });
    expect((await call(app, 'POST', `/api/organisation/members/${taraId}/role`, { cookie: beheerder }, { role: 'beheerder' })).statusCode).toBe(200);
    expect((await call(app, 'POST', `/api/organisation/members/${taraId}/role`, { cookie: beheerder }, { role: 'trainer' })).statusCode).toBe(200);

    // A bureau: the demo organisation takes on a client, whose first beheerder comes in by link.
    const client = await call(app, 'POST', '/api/organisation/clients', { cookie: beheerder }, { name: 'Gemeente Westerveen' });
    expect(client.statusCode, client.body).toBe(201);
    const { client: westerveen, invitation: firstLink } = client.json() as { client: { id: string }; invitation: { link: string } };
    // The first link went astray: while the client has no beheerder, the bureau makes a new one.
    expect((await call(app, 'GET', '/api/organisation', { cookie: beheerder })).json().clients).toEqual([{ id: westerveen.id, name: 'Gemeente Westerveen', hasBeheerder: false }]);
    const reissued = await call(app, 'POST', `/api/organisation/clients/${westerveen.id}/invitation`, { cookie: beheerder });
    expect(reissued.statusCode).toBe(201);
    expect((await call(app, 'POST', '/api/invitations/lookup', {}, { token: tokenOf(firstLink.link) })).statusCode).toBe(404);
    const invitation = reissued.json() as { link: string };
    const clientAdmin = cookieOf(await call(app, 'POST', '/api/invitations/accept', {}, { token: tokenOf(invitation.link), account: { name: 'Bea Beheer', email: 'bea@westerveen.example', password: 'nog een lang wachtwoord' } }));
    expect((await call(app, 'POST', `/api/organisation/clients/${westerveen.id}/invitation`, { cookie: beheerder })).json().error.code).toBe('client-has-beheerder');
    expect((await call(app, 'GET', '/api/organisation', { cookie: clientAdmin })).json()).toMatchObject({ role: 'beheerder', bureaus: [{ name: 'Demo-organisatie' }] });
    expect((await call(app, 'POST', '/api/organisation/clients', { cookie: clientAdmin }, { name: 'Nog een' })).json().error.code).toBe('client-of-client');

    // The bureau's trainer runs a session for the client; it is the client's session.
    const forClient = await call(app, 'POST', '/api/sessions', { cookie: tara }, { caseId: 'het-advies-dat-verdween', organisationId: westerveen.id });
    expect(forClient.statusCode, forClient.body).toBe(201);
    const s1 = forClient.json() as { id: string; joinCode: string };
    const clientList = (await call(app, 'GET', '/api/sessions', { cookie: clientAdmin })).json().sessions as { id: string }[];
    expect(clientList.map((s) => s.id)).toEqual([s1.id]);
    const bureauList = (await call(app, 'GET', '/api/sessions', { cookie: tara })).json().sessions as { id: string; forOrganisation?: string }[];
    expect(bureauList.find((s) => s.id === s1.id)?.forOrganisation).toBe('Gemeente Westerveen');
    const clientAudit = (await call(app, 'GET', '/api/organisation/audit', { cookie: clientAdmin })).json().entries as { action: string; subjectId: string }[];
    expect(clientAudit).toContainEqual(expect.objectContaining({ action: 'session.create', subjectId: s1.id }));

    // A person in two of the client's sessions: with the same e-mail address, in any case.
    const s2 = (await call(app, 'POST', '/api/sessions', { cookie: clientAdmin }, { caseId: 'het-advies-dat-verdween' })).json() as { id: string; joinCode: string };
    for (const [s, email] of [[s1, 'W.Zwartbroek@westerveen.example'], [s2, 'w.zwartbroek@westerveen.example']] as const) {
      const joined = await call(app, 'POST', `/api/join/${s.joinCode}`, {}, { name: 'Wilhelmina Zwartbroek', side: 'bestuurder', email });
      expect(joined.statusCode, joined.body).toBe(201);
      await call(app, 'POST', `/api/join/${s.joinCode}`, {}, { name: 'Bram', side: 'ambtenaar' });
    }
    const owner = (s: { id: string }) => (s.id === s1.id ? tara : clientAdmin);
    for (const s of [s1, s2]) expect((await call(app, 'POST', `/api/sessions/${s.id}/commands`, { cookie: owner(s) }, { idempotencyKey: crypto.randomUUID(), command: { type: 'start' } })).statusCode).toBe(200);
    // The first session has ended, the second still runs.
    expect((await call(app, 'POST', `/api/sessions/${s1.id}/commands`, { cookie: tara }, { idempotencyKey: crypto.randomUUID(), command: { type: 'end' } })).statusCode).toBe(200);

    const exported = await call(app, 'POST', '/api/organisation/people/export', { cookie: clientAdmin }, { email: 'w.zwartbroek@westerveen.example' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-disposition']).toMatch(/attachment/);
    expect((exported.json() as { participations: { sessionId: string }[] }).participations.map((p) => p.sessionId).sort()).toEqual([s1.id, s2.id].sort());
    // The bureau's beheerder manages the bureau, not the client's people.
    expect((await call(app, 'POST', '/api/organisation/people/export', { cookie: beheerder }, { email: 'w.zwartbroek@westerveen.example' })).json().error.code).toBe('unknown-person');
    expect((await call(app, 'POST', '/api/organisation/people/export', { cookie: clientAdmin }, { email: 'geen-adres' })).json().error).toMatchObject({ code: 'invalid-input', field: 'email' });

    const firstErase = (await call(app, 'POST', '/api/organisation/people/erase', { cookie: clientAdmin }, { email: 'w.zwartbroek@westerveen.example' })).json();
    expect(firstErase).toMatchObject({ erasedParticipations: 1, runningSessions: [s2.id] });
    expect((await call(app, 'POST', `/api/sessions/${s2.id}/commands`, { cookie: clientAdmin }, { idempotencyKey: crypto.randomUUID(), command: { type: 'end' } })).statusCode).toBe(200);
    expect((await call(app, 'POST', '/api/organisation/people/erase', { cookie: clientAdmin }, { email: 'w.zwartbroek@westerveen.example' })).json()).toMatchObject({ erasedParticipations: 1, runningSessions: [] });
    const everything = (await everyTableAsText(running)).toLowerCase();
    expect(everything).not.toContain('zwartbroek');
    expect(everything).not.toContain('wilhelmina');
    // Both debriefs still render, under a pseudonym.
    for (const s of [s1, s2]) {
      const report = await call(app, 'GET', `/api/sessions/${s.id}/report`, { cookie: clientAdmin });
      expect(report.statusCode).toBe(200);
      expect(report.body).toContain('Deelnemer 1');
    }
    expect((await call(app, 'POST', '/api/organisation/people/export', { cookie: clientAdmin }, { email: 'w.zwartbroek@westerveen.example' })).json().error.code).toBe('unknown-person');

    // The research export: ended sessions only, coded, without names or ids.
    const research = await call(app, 'GET', '/api/organisation/research-export', { cookie: clientAdmin });
    expect(research.statusCode).toBe(200);
    const data = research.json() as { sessions: { session: string; month: string; tables: { name: string; columns: string[] }[] }[] };
    expect(data.sessions.map((s) => s.session)).toEqual(['S01', 'S02']);
    expect(data.sessions[0]!.month).toMatch(/^\d{4}-\d{2}$/);
    expect(data.sessions[0]!.tables.map((t) => t.name)).not.toContain('reflections');
    expect(data.sessions[0]!.tables.find((t) => t.name === 'participants')!.columns).toEqual(['participant', 'side', 'joined_at_s', 'removed']);
    for (const id of [s1.id, s2.id]) expect(research.body).not.toContain(id);
    expect(research.body).not.toContain('Bram');

    // Someone in two organisations switches between them, and sees each one's sessions.
    const second = (await call(app, 'POST', '/api/organisation/invitations', { cookie: clientAdmin }, { role: 'programmabeheerder' })).json() as { link: string };
    const lookup = (await call(app, 'POST', '/api/invitations/lookup', { cookie: tara }, { token: tokenOf(second.link) })).json();
    expect(lookup).toMatchObject({ organisationName: 'Gemeente Westerveen', role: 'programmabeheerder', alreadyMember: false });
    const joinedSecond = await call(app, 'POST', '/api/invitations/accept', { cookie: tara }, { token: tokenOf(second.link) });
    expect(joinedSecond.statusCode, joinedSecond.body).toBe(201);
    const taraNow = (await call(app, 'GET', '/api/auth/me', { cookie: tara })).json().user as { organisationId: string; role: string; memberships: { organisationId: string }[] };
    expect(taraNow).toMatchObject({ organisationId: westerveen.id, role: 'programmabeheerder' });
    expect(taraNow.memberships).toHaveLength(2);
    // As programmabeheerder: the group report, not a live view and not a new session.
    expect((await call(app, 'POST', '/api/sessions', { cookie: tara }, { caseId: 'het-advies-dat-verdween' })).json().error.code).toBe('role-forbidden');
    expect((await call(app, 'GET', `/api/sessions/${s2.id}/report?participant=x`, { cookie: tara })).statusCode).toBe(403);
    const group = await call(app, 'GET', `/api/sessions/${s2.id}/report`, { cookie: tara });
    expect(group.statusCode).toBe(200);
    expect(group.json()).toMatchObject({ pseudonymised: true, report: { participants: [], participantCount: 2, reflections: [] } });
    expect(group.body).not.toContain('Bram');
    const listed = (await call(app, 'GET', '/api/sessions', { cookie: tara })).json().sessions as Record<string, unknown>[];
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((s) => !('joinCode' in s))).toBe(true);
    const demoOrg = taraNow.memberships.find((m) => m.organisationId !== westerveen.id)!.organisationId;
    expect((await call(app, 'POST', '/api/auth/organisation', { cookie: tara }, { organisationId: demoOrg })).json().user).toMatchObject({ role: 'trainer' });
    expect((await call(app, 'POST', '/api/auth/organisation', { cookie: clientAdmin }, { organisationId: demoOrg })).json().error.code).toBe('not-a-member');

    // The client ends the bureau's access: the bureau's trainers no longer reach or list its sessions.
    const bureauId = (await call(app, 'GET', '/api/organisation', { cookie: clientAdmin })).json().bureaus[0].id as string;
    expect((await call(app, 'GET', `/api/sessions/${s1.id}/view`, { cookie: beheerder })).statusCode).toBe(200);
    expect((await call(app, 'POST', `/api/organisation/bureaus/${bureauId}/end`, { cookie: clientAdmin })).statusCode).toBe(200);
    expect((await call(app, 'GET', `/api/sessions/${s1.id}/view`, { cookie: beheerder })).statusCode).toBe(403);
    expect(((await call(app, 'GET', '/api/sessions', { cookie: beheerder })).json().sessions as { id: string }[]).map((s) => s.id)).not.toContain(s1.id);
    expect((await call(app, 'GET', `/api/sessions/${s1.id}/report`, { cookie: clientAdmin })).statusCode).toBe(200);

    // Leaving the last organisation takes the account with it.
    const removed = (await call(app, 'POST', `/api/organisation/members/${taraId}/remove`, { cookie: beheerder })).json();
    expect(removed).toEqual({ ok: true, accountDeleted: false });
    const westerveenMembers = (await call(app, 'GET', '/api/organisation/members', { cookie: clientAdmin })).json().members as { userId: string }[];
    expect((await call(app, 'POST', `/api/organisation/members/${taraId}/remove`, { cookie: clientAdmin })).json()).toEqual({ ok: true, accountDeleted: true });
    expect(westerveenMembers.map((m) => m.userId)).toContain(taraId);
    expect((await call(app, 'GET', '/api/auth/me', { cookie: tara })).statusCode).toBe(401);
    expect((await everyTableAsText(running)).toLowerCase()).not.toContain('tara@example.org');
  });
});
