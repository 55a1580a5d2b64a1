/**
 * Talking to the server: JSON over fetch with the CSRF header, errors as ApiFailure with the
 * server's localised message, and commands with an idempotency key that is reused on retry so
 * a flaky network can never make one click count twice.
 */
import type { Command } from '@samenspel/engine';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  token?: string | null;
}

let currentLang = 'nl';
export function setApiLanguage(lang: string): void {
  currentLang = lang;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': currentLang };
  if (opts.method === 'POST') headers['x-samenspel'] = '1';
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const res = await fetch(path, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), credentials: 'same-origin' });
  const text = await res.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiFailure(res.status, err?.code ?? 'http-' + res.status, err?.message ?? res.statusText);
  }
  return data as T;
}

export type ClientCommand = Exclude<Command, { type: 'create' | 'join' | 'set-connected' | 'timer-expired' }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * `idempotencyKey`: pass the same key when the person retries the same action by hand (e.g. after
 * "no connection"), so an answer that did arrive the first time is not refused as a second one.
 */
export async function sendCommand(sessionId: string, command: ClientCommand, token?: string | null, idempotencyKey: string = crypto.randomUUID()): Promise<{ ok: true; seq: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return await api(`/api/sessions/${sessionId}/commands`, { method: 'POST', body: { idempotencyKey, command }, token: token ?? null });
    } catch (e) {
      // Refusals are final; only a lost request or a server hiccup is retried, with the same key.
      if (e instanceof ApiFailure && e.status < 500) throw e;
      lastError = e;
      await sleep(300 * 2 ** attempt);
    }
  }
  throw lastError;
}
