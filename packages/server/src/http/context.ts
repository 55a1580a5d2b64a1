/** What every route needs, passed explicitly instead of hung on the Fastify instance. */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { ServerConfig } from '../config.js';
import type { CaseLibrary } from '../cases/library.js';
import type { Presence } from '../live/presence.js';
import type { SessionRuntime } from '../live/runtime.js';
import type { Database } from '../storage/schema.js';
import type { RateLimiter } from './rate-limit.js';

export interface AppContext {
  config: ServerConfig;
  db: Kysely<Database>;
  cases: CaseLibrary;
  runtime: SessionRuntime;
  presence: Presence;
  log: Logger;
  joinLimiter: RateLimiter;
  loginLimiter: RateLimiter;
  /** Failed invitation look-ups and acceptances, per address. */
  invitationLimiter: RateLimiter;
}
