/** Server configuration from the environment (and CLI flags), validated once at start. */
import { resolve } from 'node:path';
import { z } from 'zod';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL instead of SQLite, for several instances behind one load balancer. */
  databaseUrl: string | null;
  /** PostgreSQL schema for all tables (default: the connection's search_path). */
  databaseSchema: string | null;
  casesDir: string;
  webDir: string;
  /** Public origin used in links and QR codes; derived from the request when absent. */
  publicUrl: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Trust X-Forwarded-* (client address for rate limits, https for cookies) only behind a known proxy. */
  trustProxy: boolean;
  /** Seconds between SSE heartbeat comments. */
  heartbeatSeconds: number;
}

const repoRoot = resolve(import.meta.dirname, '../../..');

const envSchema = z.object({
  PORT: z.coerce.number({ error: 'PORT moet een getal zijn / PORT must be a number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'DATABASE_URL moet met postgres:// beginnen / DATABASE_URL must start with postgres://' })
    .optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, { error: 'DATABASE_SCHEMA: kleine letters, cijfers en _ / lower-case letters, digits and _' }).optional(),
  CASES_DIR: z.string().min(1).default(resolve(repoRoot, 'cases')),
  WEB_DIR: z.string().min(1).default(resolve(repoRoot, 'packages/web/dist')),
  PUBLIC_URL: z.url({ error: 'PUBLIC_URL moet een volledige URL zijn / PUBLIC_URL must be a full URL' }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.enum(['true', 'false', '1', '0'], { error: 'TRUST_PROXY moet true of false zijn / TRUST_PROXY must be true or false' }).default('false'),
  HEARTBEAT_SECONDS: z.coerce.number().int().min(1).max(300).default(15),
});

export class ConfigError extends Error {}

/** Reads the environment; flags (e.g. --port) win over variables. Throws ConfigError naming each bad field. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof z.input<typeof envSchema>, string>> = {}): ServerConfig {
  const merged: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = overrides[key as keyof typeof overrides] ?? env[key];
    if (v !== undefined && v !== '') merged[key] = v;
  }
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Ongeldige configuratie / invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL ?? null,
    databaseSchema: e.DATABASE_SCHEMA ?? null,
    casesDir: resolve(e.CASES_DIR),
    webDir: resolve(e.WEB_DIR),
    publicUrl: e.PUBLIC_URL ?? null,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY === 'true' || e.TRUST_PROXY === '1',
    heartbeatSeconds: e.HEARTBEAT_SECONDS,
  };
}
