/** One error shape for the whole API: { error: { code, message, field?, details? } }. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { langFrom, message } from './messages.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export function sendError(req: FastifyRequest, reply: FastifyReply, status: number, code: string, params: Record<string, string | number> = {}) {
  const lang = langFrom(req.headers['accept-language']);
  const body: { error: { code: string; message: string; field?: string; details?: Record<string, string | number> } } = {
    error: { code, message: message(code, lang, params) },
  };
  if (typeof params.field === 'string') body.error.field = params.field;
  if (Object.keys(params).length > 0) body.error.details = params;
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

const dutchLocale = z.locales.nl().localeError;

/**
 * zod's Dutch texts, with one it lacks: a value of a discriminator (`command.type`,
 * `command.answer.kind`) that none of the union's members has gets only "Ongeldige invoer" from
 * zod's Dutch locale, where the English names the values that would do.
 */
const dutch: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_union' && 'discriminator' in issue && Array.isArray(issue.options) && issue.options.length > 0) {
    return `onbekende waarde, verwacht ${issue.options.map((o) => `'${String(o)}'`).join(' | ')}`;
  }
  return dutchLocale(issue);
};

/**
 * Parses with zod; the first issue names the field in the error. zod's reason comes in English
 * and, parsed once more on this failure path only, in Dutch (messages.ts picks by language).
 */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.') || 'body';
  const nl = schema.safeParse(value, { error: dutch }).error?.issues[0]?.message ?? issue.message;
  throw new ApiError(400, 'invalid-input', { field, reason: issue.message, reasonNl: nl });
}

export const REFUSAL_STATUS: Record<string, number> = {
  'not-allowed': 403,
  'invalid-answer': 400,
  'name-empty': 400,
  'text-empty': 400,
  'unknown-participant': 404,
  'unknown-role': 400,
  'unknown-inject': 400,
  'not-created': 404,
};
