/**
 * samenspel oidc <organisation-id> --issuer URL --client-id ID   (secret from OIDC_CLIENT_SECRET,
 * so it never shows in the process list or shell history).
 */
import { resolve } from 'node:path';
import { setOidcProvider } from '../auth/oidc.js';
import { openDatabase } from '../storage/open.js';

export async function oidcCommand(organisationId: string | undefined, values: { issuer?: string; 'client-id'?: string; data?: string }): Promise<number> {
  const secret = process.env.OIDC_CLIENT_SECRET;
  if (!organisationId || !values.issuer || !values['client-id'] || !secret) {
    console.error('Gebruik / usage: OIDC_CLIENT_SECRET=… samenspel oidc <organisatie-id> --issuer https://login.example.nl/realms/x --client-id samenspel');
    return 2;
  }
  let issuer: URL;
  try {
    issuer = new URL(values.issuer);
  } catch {
    console.error(`--issuer: geen geldige URL / not a valid URL: ${values.issuer}`);
    return 2;
  }
  const { db } = await openDatabase({ dataDir: resolve(values.data ?? process.env.DATA_DIR ?? './data'), databaseUrl: process.env.DATABASE_URL || null });
  try {
    const org = await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
    if (!org) {
      console.error(`Onbekende organisatie / unknown organisation: ${organisationId}`);
      return 1;
    }
    await setOidcProvider(db, { organisationId, issuer: issuer.href.replace(/\/$/, ''), clientId: values['client-id'], clientSecret: secret }, Date.now());
    console.log(`OpenID Connect ingesteld voor ${organisationId}. Redirect-URI bij de provider: <publieke URL>/api/auth/oidc/callback`);
    return 0;
  } finally {
    await db.destroy();
  }
}
