/**
 * Table types for Kysely. Kept to types both SQLite and PostgreSQL store the same way:
 * text ids, integer epoch milliseconds, JSON as text.
 */
import type { Generated } from 'kysely';

export interface OrganisationsTable {
  id: string;
  name: string;
  created_at: number;
  /** Days personal data of participants is kept after a session; see privacy/retention.ts. */
  retention_days: Generated<number>;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  created_at: number;
}

export interface MembershipsTable {
  user_id: string;
  organisation_id: string;
  role: string;
}

export interface AuthSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  /** The organisation this login works in (a person may belong to several); null: their first. */
  organisation_id?: string | null;
  /** Set for a login through an organisation's identity provider: valid in that organisation only. */
  only_organisation_id?: string | null;
}

/** A bureau (training agency) serving a client organisation. */
export interface OrganisationClientsTable {
  bureau_id: string;
  client_id: string;
  created_at: number;
}

export interface InvitationsTable {
  id: string;
  token_hash: string;
  organisation_id: string;
  role: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface LiveSessionsTable {
  id: string;
  organisation_id: string;
  case_id: string;
  join_code: string;
  projector_token_hash: string;
  status: string;
  created_by: string;
  created_at: number;
  /** When retention erased its participants to pseudonyms. */
  erased_at?: number | null;
  /** SHA-256 of the co-trainer's read-only (observer) token; null until a link is made. */
  observer_token_hash?: string | null;
  /** The bureau whose trainers run this session for the owning (client) organisation; null: the owner itself. */
  run_by_organisation_id?: string | null;
}

export interface SessionEventsTable {
  session_id: string;
  seq: number;
  type: string;
  payload: string;
  at: number;
}

export interface SeatsTable {
  token_hash: string;
  session_id: string;
  participant_id: string;
  email: string | null;
  created_at: number;
}

export interface IdempotencyKeysTable {
  session_id: string;
  actor: string;
  key: string;
  status_code: number;
  response: string;
  created_at: number;
}

export interface OidcProvidersTable {
  organisation_id: string;
  issuer: string;
  client_id: string;
  client_secret: string;
  created_at: number;
}

export interface OidcLoginsTable {
  state: string;
  organisation_id: string;
  code_verifier: string;
  nonce: string;
  created_at: number;
}

export interface AuditLogTable {
  id: string;
  organisation_id: string;
  user_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  at: number;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  auth_sessions: AuthSessionsTable;
  live_sessions: LiveSessionsTable;
  session_events: SessionEventsTable;
  seats: SeatsTable;
  idempotency_keys: IdempotencyKeysTable;
  oidc_providers: OidcProvidersTable;
  oidc_logins: OidcLoginsTable;
  audit_log: AuditLogTable;
  organisation_clients: OrganisationClientsTable;
  invitations: InvitationsTable;
}

export type { Generated };
