/**
 * Login with the organisation's own identity provider (OpenID Connect: Entra ID, Keycloak, …):
 * authorization code flow with PKCE, state and nonce. Only people who already have an account in
 * that organisation get in (matched on the verified e-mail claim); nobody is created on the fly.
 */
import * as oidc from 'openid-client';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';

const LOGIN_TTL_MS = 10 * 60_000;
const configs = new Map<string, { config: oidc.Configuration; at: number }>();

export class OidcError extends Error {
  constructor(readonly code: 'oidc-not-configured' | 'oidc-unknown-login' | 'oidc-failed' | 'oidc-no-account') {
    super(code);
  }
}

/** http:// is accepted for an issuer on this machine only (tests, a local Keycloak); elsewhere TLS. */
function isLoopback(url: URL): boolean {
  return ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

async function configFor(db: Kysely<Database>, organisationId: string, now: number): Promise<oidc.Configuration> {
  const row = await db.selectFrom('oidc_providers').selectAll().where('organisation_id', '=', organisationId).executeTakeFirst();
  if (!row) throw new OidcError('oidc-not-configured');
  const cached = configs.get(organisationId);
  if (cached && now - cached.at < 3_600_000) return cached.config;
  const issuer = new URL(row.issuer);
  const config = await oidc.discovery(issuer, row.client_id, row.client_secret, undefined, isLoopback(issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined);
  configs.set(organisationId, { config, at: now });
  return config;
}

export async function startOidcLogin(db: Kysely<Database>, organisationId: string, redirectUri: string, now: number): Promise<string> {
  const config = await configFor(db, organisationId, now);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  await db.deleteFrom('oidc_logins').where('created_at', '<', now - LOGIN_TTL_MS).execute();
  await db.insertInto('oidc_logins').values({ state, organisation_id: organisationId, code_verifier: codeVerifier, nonce, created_at: now }).execute();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return url.href;
}

/** The callback: exchange the code, check state and nonce, and find the member by e-mail. */
export async function finishOidcLogin(db: Kysely<Database>, callbackUrl: URL, now: number): Promise<{ userId: string; organisationId: string }> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const login = await db.selectFrom('oidc_logins').selectAll().where('state', '=', state).executeTakeFirst();
  if (!login || login.created_at < now - LOGIN_TTL_MS) throw new OidcError('oidc-unknown-login');
  // One use only, whatever happens next.
  await db.deleteFrom('oidc_logins').where('state', '=', state).execute();
  const config = await configFor(db, login.organisation_id, now);
  let email: string | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, { pkceCodeVerifier: login.code_verifier, expectedState: state, expectedNonce: login.nonce });
    const claims = tokens.claims();
    // Conforming providers put scope claims in the UserInfo response, not the ID token.
    const info = claims && typeof claims.email !== 'string' ? await oidc.fetchUserInfo(config, tokens.access_token, claims.sub) : claims;
    if (info && typeof info.email === 'string' && info.email_verified !== false) email = info.email.trim().toLowerCase();
  } catch {
    throw new OidcError('oidc-failed');
  }
  if (!email) throw new OidcError('oidc-no-account');
  const member = await db
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id'])
    .where('u.email', '=', email)
    .where('m.organisation_id', '=', login.organisation_id)
    .executeTakeFirst();
  if (!member) throw new OidcError('oidc-no-account');
  return { userId: member.id, organisationId: login.organisation_id };
}

export async function setOidcProvider(db: Kysely<Database>, p: { organisationId: string; issuer: string; clientId: string; clientSecret: string }, now: number): Promise<void> {
  configs.delete(p.organisationId);
  await db.deleteFrom('oidc_providers').where('organisation_id', '=', p.organisationId).execute();
  await db.insertInto('oidc_providers').values({ organisation_id: p.organisationId, issuer: p.issuer, client_id: p.clientId, client_secret: p.clientSecret, created_at: now }).execute();
}

export async function organisationsWithOidc(db: Kysely<Database>): Promise<{ id: string; name: string }[]> {
  return db.selectFrom('oidc_providers as p').innerJoin('organisations as o', 'o.id', 'p.organisation_id').select(['o.id', 'o.name']).orderBy('o.name').execute();
}
