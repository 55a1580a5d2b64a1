/**
 * OpenID Connect login against a real provider started on loopback (oidc-provider): the trainer
 * clicks through the provider's login and consent in Chromium and lands logged in; someone the
 * provider knows but Samenspel does not is refused with a clear message.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, startServer, type RunningServer } from './support.js';

let server: RunningServer;
let browser: Browser;
let idp: Server;
let issuer: string;
let orgId: string;
/** Which e-mail the provider vouches for in the next login. */
let nextEmail = '';

beforeAll(async () => {
  server = await startServer();
  idp = createServer();
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', () => r()));
  issuer = `http://127.0.0.1:${(idp.address() as { port: number }).port}`;
  const provider = new Provider(issuer, {
    clients: [{ client_id: 'samenspel', client_secret: 'geheim-voor-de-test', redirect_uris: [`${server.url}/api/auth/oidc/callback`], grant_types: ['authorization_code'], response_types: ['code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: nextEmail, email_verified: true }) }),
    pkce: { required: () => true },
    // Explicit lifetimes keep the provider from warning about its defaults on every login.
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
  });
  idp.on('request', provider.callback());
  const db = new Database(join(server.dataDir, 'samenspel.sqlite'));
  orgId = (db.prepare('select organisation_id from memberships limit 1').get() as { organisation_id: string }).organisation_id;
  db.prepare('insert into oidc_providers (organisation_id, issuer, client_id, client_secret, created_at) values (?, ?, ?, ?, ?)').run(orgId, issuer, 'samenspel', 'geheim-voor-de-test', Date.now());
  db.close();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  idp?.close();
  await server?.stop();
});

async function loginThroughProvider(email: string) {
  nextEmail = email;
  // axe-core is injected as a script; the app's CSP rightly forbids that, so the test context bypasses it.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/api/auth/oidc/${orgId}/start`);
  // The provider's own development login and consent pages.
  await page.locator('input[name="login"]').fill('medewerker');
  await page.locator('input[name="password"]').fill('wachtwoord');
  await page.locator('button[type="submit"]').click();
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(new RegExp(`^${server.url}/trainer`));
  return { context, page };
}

describe('OpenID Connect login', () => {
  it('lists the organisation on the login page', async () => {
    const res = await fetch(`${server.url}/api/auth/oidc`);
    expect((await res.json()) as unknown).toEqual({ providers: [{ id: orgId, name: expect.any(String) }] });
  });

  it('logs a member in through the provider', async () => {
    const { context, page } = await loginThroughProvider(server.email);
    const me = await page.request.get(`${server.url}/api/auth/me`);
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(server.email);
    await page.locator('h1').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('counts a login through one organisation’s provider for that organisation only', async () => {
    // The same person is also beheerder of a bureau; the municipality's provider does not vouch for that.
    const db = new Database(join(server.dataDir, 'samenspel.sqlite'));
    const userId = (db.prepare('select id from users where email = ?').get(server.email) as { id: string }).id;
    db.prepare('insert into organisations (id, name, created_at) values (?, ?, ?)').run('bureau-x', 'Bureau X', Date.now());
    db.prepare('insert into memberships (user_id, organisation_id, role) values (?, ?, ?)').run(userId, 'bureau-x', 'beheerder');
    db.close();
    const { context, page } = await loginThroughProvider(server.email);
    const me = ((await (await page.request.get(`${server.url}/api/auth/me`)).json()) as { user: { memberships: { organisationId: string }[] } }).user;
    expect(me.memberships.map((m) => m.organisationId)).toEqual([orgId]);
    const sw = await page.request.post(`${server.url}/api/auth/organisation`, { headers: { 'x-samenspel': '1' }, data: { organisationId: 'bureau-x' } });
    expect(sw.status()).toBe(403);
    await context.close();
  });

  it('refuses somebody without an account, and says why', async () => {
    const { context, page } = await loginThroughProvider('onbekend@elders.example');
    expect(new URL(page.url()).searchParams.get('login')).toBe('oidc-no-account');
    expect((await page.request.get(`${server.url}/api/auth/me`)).status()).toBe(401);
    await context.close();
  });

  it('refuses a callback with a state it never issued', async () => {
    const res = await fetch(`${server.url}/api/auth/oidc/callback?code=x&state=verzonnen`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/trainer?login=oidc-unknown-login');
  });
});
