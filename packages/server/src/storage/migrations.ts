/**
 * Migrations in code, so that the packaged server needs no migration folder. Only portable
 * column types (text, integer/bigint) so the same list runs on PostgreSQL.
 */
import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const migrations: Record<string, Migration> = {
  '2026-11-25-001-initial': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('organisations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('memberships')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('memberships_pk', ['user_id', 'organisation_id'])
        .execute();
      await db.schema
        .createTable('auth_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('live_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('join_code', 'text', (c) => c.notNull())
        .addColumn('projector_token_hash', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('live_sessions_join_code').on('live_sessions').column('join_code').execute();
      await db.schema
        .createTable('session_events')
        .addColumn('session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('session_events_pk', ['session_id', 'seq'])
        .execute();
      await db.schema
        .createTable('seats')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull().references('live_sessions.id'))
        .addColumn('participant_id', 'text', (c) => c.notNull())
        .addColumn('email', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('seats_participant').on('seats').columns(['session_id', 'participant_id']).unique().execute();
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer', (c) => c.notNull())
        .addColumn('response', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['session_id', 'actor', 'key'])
        .execute();
    },
    async down(db: Kysely<any>) {
      for (const t of ['idempotency_keys', 'seats', 'session_events', 'live_sessions', 'auth_sessions', 'memberships', 'users', 'organisations']) {
        await db.schema.dropTable(t).ifExists().execute();
      }
    },
  },
};

migrations['2026-11-25-002-retention'] = {
  async up(db: Kysely<any>) {
    // Days after a session ends (or, if never ended, after it started) that its participants'
    // personal data is kept; then they are erased to pseudonyms automatically.
    await db.schema.alterTable('organisations').addColumn('retention_days', 'integer', (c) => c.notNull().defaultTo(90)).execute();
    await db.schema.alterTable('live_sessions').addColumn('erased_at', 'bigint').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('live_sessions').dropColumn('erased_at').execute();
    await db.schema.alterTable('organisations').dropColumn('retention_days').execute();
  },
};

migrations['2026-11-25-003-oidc'] = {
  async up(db: Kysely<any>) {
    // One OpenID Connect provider per organisation (Entra ID, Keycloak, …).
    await db.schema
      .createTable('oidc_providers')
      .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id'))
      .addColumn('issuer', 'text', (c) => c.notNull())
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('client_secret', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    // A login in progress: PKCE verifier and nonce, keyed by the state; minutes, then gone.
    await db.schema
      .createTable('oidc_logins')
      .addColumn('state', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('code_verifier', 'text', (c) => c.notNull())
      .addColumn('nonce', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('oidc_logins').ifExists().execute();
    await db.schema.dropTable('oidc_providers').ifExists().execute();
  },
};

migrations['2026-11-25-004-audit'] = {
  async up(db: Kysely<any>) {
    // Who created, exported, viewed reports of, erased or deleted what. Ids only: no names, no content.
    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_org_at').on('audit_log').columns(['organisation_id', 'at']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('audit_log').ifExists().execute();
  },
};

migrations['2026-11-25-005-observer'] = {
  async up(db: Kysely<any>) {
    // A co-trainer's read-only link: only its hash is kept, and a new link replaces (revokes) it.
    await db.schema.alterTable('live_sessions').addColumn('observer_token_hash', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('live_sessions').dropColumn('observer_token_hash').execute();
  },
};

migrations['2026-11-25-006-organisation-roles'] = {
  async up(db: Kysely<any>) {
    // A bureau runs sessions for client organisations: the client owns the session and its data,
    // the bureau's trainers run it.
    await db.schema
      .createTable('organisation_clients')
      .addColumn('bureau_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('client_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('organisation_clients_pk', ['bureau_id', 'client_id'])
      .execute();
    // Null: run by the owning organisation itself.
    await db.schema.alterTable('live_sessions').addColumn('run_by_organisation_id', 'text').execute();
    // Which of a person's organisations the login is working in.
    await db.schema.alterTable('auth_sessions').addColumn('organisation_id', 'text').execute();
    // An invitation link: only the token's hash; used once, expires, holds no e-mail address.
    await db.schema
      .createTable('invitations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    // Until now every member was a trainer; each organisation's first member becomes its beheerder.
    const orgs = await db.selectFrom('organisations').select('id').execute();
    for (const o of orgs) {
      const first = await db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select('m.user_id')
        .where('m.organisation_id', '=', o.id)
        .orderBy('u.created_at')
        .limit(1)
        .executeTakeFirst();
      if (first) await db.updateTable('memberships').set({ role: 'beheerder' }).where('organisation_id', '=', o.id).where('user_id', '=', first.user_id).execute();
    }
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('invitations').ifExists().execute();
    await db.schema.alterTable('auth_sessions').dropColumn('organisation_id').execute();
    await db.schema.alterTable('live_sessions').dropColumn('run_by_organisation_id').execute();
    await db.schema.dropTable('organisation_clients').ifExists().execute();
  },
};

migrations['2026-11-25-007-login-scope'] = {
  async up(db: Kysely<any>) {
    // A login through an organisation's own identity provider counts for that organisation only:
    // that provider vouches for its own people, not for their memberships elsewhere.
    await db.schema.alterTable('auth_sessions').addColumn('only_organisation_id', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('auth_sessions').dropColumn('only_organisation_id').execute();
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** `schema`: the PostgreSQL schema to keep the migration tables in (else they are looked up in every schema). */
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<void> {
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration failed: ${failed?.migrationName ?? ''} ${error instanceof Error ? error.message : String(error ?? '')}`);
}
