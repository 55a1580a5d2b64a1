/**
 * buildApp(config): storage, case library, session runtime and HTTP routes in one Fastify
 * instance. Everything is closed again by app.close().
 */
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { sql } from 'kysely';
import { ensureDemoTrainer } from '../auth/users.js';
import { loadCaseLibrary } from '../cases/library.js';
import { warmUpEngine } from '../live/warm-up.js';
import type { ServerConfig } from '../config.js';
import { InProcessBus } from '../live/bus.js';
import { PostgresBus } from '../live/pg-bus.js';
import { Presence } from '../live/presence.js';
import { SessionRuntime } from '../live/runtime.js';
import { applyRetention } from '../privacy/retention.js';
import { unfinishedSessionIds } from '../storage/live-sessions.js';
import { openDatabase } from '../storage/open.js';
import type { AppContext } from './context.js';
import { ApiError, sendError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { RateLimiter } from './rate-limit.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerCaseRoutes } from './routes/cases.js';
import { registerExportRoutes } from './routes/exports.js';
import { registerJoinRoutes } from './routes/join.js';
import { registerOidcRoutes } from './routes/oidc.js';
import { registerOrganisationRoutes } from './routes/organisation.js';
import { registerInvitationRoutes } from './routes/invitations.js';
import { registerPeopleRoutes } from './routes/people.js';
import { registerPrivacyRoutes } from './routes/privacy.js';
import { registerReportRoutes } from './routes/reports.js';
import { registerSessionRoutes } from './routes/sessions.js';
import { registerStreamRoutes } from './routes/stream.js';
import { registerSecurity } from './security.js';
import { registerStaticWeb } from './static-web.js';

export interface BuildOptions {
  /** Milliseconds a participant may be away (reload, sleep) before counting as disconnected. */
  presenceGraceMs?: number;
  clock?: () => number;
}

export interface SamenspelApp {
  app: FastifyInstance;
  /** Set on the very first start only: the generated demo trainer login. */
  demoLogin: { email: string; password: string } | null;
  context: AppContext;
  /** "METHOD /path" of every registered route. */
  routes: string[];
}

export const BODY_LIMIT = 64 * 1024;

function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** PostgreSQL unique_violation, or SQLite's unique or primary key constraint. */
function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

export async function buildApp(config: ServerConfig, options: BuildOptions = {}): Promise<SamenspelApp> {
  const log = pino({
    level: config.logLevel,
    // Tokens and personal data never reach a log line.
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'email', 'password', 'name', 'token', 'seatToken', 'projectorToken'], censor: '[redacted]' },
    serializers: {
      // The query string may carry a stream token; log the path only.
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url.split('?')[0] }),
    },
  });
  const opened = await openDatabase({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, schema: config.databaseSchema });
  const db = opened.db;
  const cases = loadCaseLibrary(config.casesDir, (msg) => log.warn(msg));
  // The first burst after a start should not run on cold code (bench/README, Live).
  warmUpEngine(cases.all());
  // With PostgreSQL several instances share the log; the bus tells this one when another moved a
  // session on, and the runtime drops its cached state so the next read comes from the database.
  const late: { runtime?: SessionRuntime } = {};
  const pgBus = opened.pool && opened.connectionString ? new PostgresBus(opened.pool, opened.connectionString, log, (sessionId, _seq, change) => late.runtime?.remoteChange(sessionId, change)) : null;
  if (pgBus) await pgBus.start();
  const runtime = new SessionRuntime(db, pgBus ?? new InProcessBus(), log, options.clock);
  late.runtime = runtime;
  const presence = new Presence(runtime, log, options.presenceGraceMs);
  const demoLogin = await ensureDemoTrainer(db, runtime.now());

  const app: FastifyInstance = Fastify({ loggerInstance: log as unknown as FastifyBaseLogger, bodyLimit: BODY_LIMIT, trustProxy: config.trustProxy });
  // Every route, for the authorization matrix test that must cover them all.
  const routes: string[] = [];
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
  });
  const context: AppContext = {
    config,
    db,
    cases,
    runtime,
    presence,
    log,
    // Wrong codes only, per address. A whole room may share one address behind a venue's NAT,
    // so the budget allows for typos by many people while still making guessing hopeless.
    joinLimiter: new RateLimiter(30, 60_000, options.clock),
    loginLimiter: new RateLimiter(10, 60_000, options.clock),
    invitationLimiter: new RateLimiter(10, 60_000, options.clock),
  };

  registerSecurity(app);
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) return sendError(req, reply, err.status, err.code, err.params);
    const status = (err as FastifyError).statusCode ?? 500;
    const fcode = (err as FastifyError).code;
    if (fcode === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendError(req, reply, 413, 'body-too-large');
    if (fcode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(req, reply, 415, 'unsupported-media-type');
    if (fcode?.includes('JSON') || fcode === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH' || (err instanceof SyntaxError && status === 400)) return sendError(req, reply, 400, 'invalid-json');
    if (status >= 400 && status < 500) return sendError(req, reply, status, 'invalid-input', {});
    // Two requests raced for the same row (the same new e-mail address, the same membership):
    // the database kept one; the other hears so instead of a 500.
    if (isUniqueViolation(err)) return sendError(req, reply, 409, 'conflict');
    // A row it refers to went meanwhile (a session deleted on another instance).
    if (isForeignKeyViolation(err)) return sendError(req, reply, 409, 'conflict');
    // The driver's detail and parameters can quote the row ("Key (email)=(…)"): never log them.
    req.log.error({ err: { type: err.name, message: err.message.split('\n')[0], code: fcode ?? (err as { code?: string }).code, stack: err.stack?.split('\n').slice(1, 8).join('\n') } }, 'request failed');
    return sendError(req, reply, 500, 'internal');
  });
  app.setNotFoundHandler((req, reply) => sendError(req, reply, 404, 'not-found'));

  app.get('/api/health', async () => {
    await sql`select 1`.execute(db);
    return { status: 'ok', cases: cases.all().length };
  });
  // Liveness: the process answers. Readiness: it can serve (database reachable, not draining);
  // a load balancer stops sending new clients while this instance shuts down.
  let draining = false;
  app.get('/api/live', async () => ({ status: 'ok' }));
  app.get('/api/ready', async (req, reply) => {
    if (draining) return sendError(req, reply, 503, 'draining');
    try {
      await sql`select 1`.execute(db);
    } catch {
      return sendError(req, reply, 503, 'database-unavailable');
    }
    return { status: 'ready' };
  });
  app.addHook('preClose', async () => {
    draining = true;
  });
  app.get('/api/openapi.json', async () => openApiDocument);
  registerAuthRoutes(app, context);
  registerOidcRoutes(app, context);
  registerPrivacyRoutes(app, context);
  registerCaseRoutes(app, context);
  registerOrganisationRoutes(app, context);
  registerInvitationRoutes(app, context);
  registerPeopleRoutes(app, context);
  registerSessionRoutes(app, context);
  registerJoinRoutes(app, context);
  registerStreamRoutes(app, context);
  registerExportRoutes(app, context);
  registerReportRoutes(app, context);
  registerStaticWeb(app, config.webDir);

  // Sessions that were live when the server stopped: timers back on, and participants who
  // do not reconnect within the grace period are marked offline.
  const resumed = await runtime.resume(await unfinishedSessionIds(db));
  for (const { id, state } of resumed) {
    if (state.status !== 'lobby' && state.status !== 'running') continue;
    for (const p of Object.values(state.participants)) if (p.connected && !p.removed) presence.expectReconnect(id, p.id);
  }

  // Retention: erase personal data of long-finished sessions, at start and then hourly.
  const retain = async () => {
    try {
      const r = await applyRetention(db, runtime.now());
      if (r.participants > 0) {
        runtime.forgetAll();
        log.info({ sessions: r.sessions, participants: r.participants }, 'retention: personal data erased');
      }
    } catch (err) {
      log.error({ err }, 'retention failed');
    }
  };
  await retain();
  const retention = setInterval(() => void retain(), 3_600_000);
  retention.unref();

  app.addHook('onClose', async () => {
    clearInterval(retention);
    presence.close();
    runtime.close();
    await pgBus?.stop();
    await db.destroy();
  });
  return { app, demoLogin, context, routes };
}
