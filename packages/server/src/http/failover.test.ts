/**
 * Two real server processes on two ports, one PostgreSQL database, behind a failover proxy (as a
 * reverse proxy in production, without sticky routing). Mid-session instance A is stopped; every
 * stream it held ends, the clients reconnect by themselves with Last-Event-ID, the proxy sends
 * them to B, and play goes on: commands on B reach them, and the log has no gap.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { applyViewDiff, type SessionView, type ViewDiff } from '@samenspel/engine';
import { dropSchema, openPostgres } from '../storage/postgres.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schemas: string[] = [];
const dir = mkdtempSync(join(tmpdir(), 'samenspel-failover-'));
const children: ChildProcess[] = [];
const closers: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const c of closers.reverse()) await c();
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const schema of schemas) await dropSchema(PG_URL, schema);
  rmSync(dir, { recursive: true, force: true });
});

/** `samenspel serve` as its own process; resolves with its port and what it printed. */
function serve(schema: string): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/server/src/cli/main.ts'), 'serve', '--port', '0', '--data', dir], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema, LOG_LEVEL: 'warn', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolvePort, reject) => {
    const deadline = Date.now() + 60_000;
    const poll = setInterval(() => {
      const m = /draait op http:\/\/localhost:(\d+)/.exec(out);
      // The demo login comes right after the address on the very first start.
      if (m && (!/Demo-trainer aangemaakt/.test(out) || /wachtwoord:\s+\S+/.test(out))) {
        clearInterval(poll);
        resolvePort({ child, port: Number(m[1]), output: () => out });
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(poll);
        reject(new Error(`server did not start:\n${out}`));
      }
    }, 50);
  });
}

/** Sends each request to the first upstream that accepts the connection, like a proxy's failover. */
function failoverProxy(upstreams: number[]): Promise<number> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const attempt = (i: number) => {
        if (i >= upstreams.length) {
          res.writeHead(502).end();
          return;
        }
        const up = http.request({ host: '127.0.0.1', port: upstreams[i], method: req.method, path: req.url, headers: req.headers }, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
          // A stream that the upstream ends (drained at shutdown) ends for the client too.
          r.on('close', () => res.end());
        });
        up.on('error', (e: NodeJS.ErrnoException) => {
          if (!res.headersSent && (e.code === 'ECONNREFUSED' || e.code === 'ECONNRESET')) attempt(i + 1);
          else res.destroy();
        });
        res.on('close', () => up.destroy());
        up.end(body);
      };
      attempt(0);
    });
  });
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  closers.push(() => void server.closeAllConnections());
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)));
}

/**
 * A Server-Sent Events client as the browser's EventSource behaves: when the stream ends it
 * reconnects after a short wait, sending the last event id. Remembers the newest sequence number
 * and the last full view.
 */
function follow(base: string, path: string, headers: Record<string, string>) {
  const state = { seq: -1, view: null as SessionView | null, reconnects: 0, closed: false };
  let current: http.ClientRequest | null = null;
  const connect = () => {
    if (state.closed) return;
    const h: Record<string, string> = { ...headers, accept: 'text/event-stream' };
    if (state.seq >= 0) h['last-event-id'] = String(state.seq);
    current = http.get(`${base}${path}`, { headers: h }, (res) => {
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        buf += d;
        for (let end = buf.indexOf('\n\n'); end >= 0; end = buf.indexOf('\n\n')) {
          const block = buf.slice(0, end);
          buf = buf.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block);
          if (id) state.seq = Math.max(state.seq, Number(id[1]));
          const data = /^data: (.*)$/m.exec(block);
          // Whole views and diffs; a patch moves only the answered count, which this test does not read.
          if (data && /^event: diff$/m.test(block)) state.view = applyViewDiff(state.view!, JSON.parse(data[1]!) as ViewDiff);
          else if (data && !/^event: patch$/m.test(block)) state.view = (JSON.parse(data[1]!) as { view: SessionView }).view;
        }
      });
      res.on('close', () => retry());
    });
    current.on('error', () => retry());
  };
  const retry = () => {
    if (state.closed) return;
    state.reconnects++;
    setTimeout(connect, 200);
  };
  connect();
  closers.push(() => {
    state.closed = true;
    current?.destroy();
  });
  return state;
}

async function until(what: string, ok: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// SIGTERM: a graceful shutdown that drains its streams. SIGKILL: the machine is gone at once.
it.each(['SIGTERM', 'SIGKILL'] as const)('keeps a session going when one of two instances stops mid-session (%s)', { timeout: 120_000 }, async (signal) => {
  const schema = `failover_${signal.toLowerCase()}_${process.pid}_${Date.now().toString(36)}`;
  schemas.push(schema);
  const a = await serve(schema);
  const login = { email: /e-mail:\s+(\S+)/.exec(a.output())![1]!, password: /wachtwoord:\s+(\S+)/.exec(a.output())![1]! };
  const b = await serve(schema);
  const proxyPort = await failoverProxy([a.port, b.port]);
  const base = `http://127.0.0.1:${proxyPort}`;
  const call = async (method: 'GET' | 'POST', path: string, auth: Record<string, string>, body?: object) => {
    const res = await fetch(`${base}${path}`, { method, headers: { ...auth, ...(method === 'POST' ? { 'x-samenspel': '1', 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
  };
  const loggedIn = await call('POST', '/api/auth/login', {}, login);
  expect(loggedIn.status).toBe(200);
  const trainer = { cookie: loggedIn.headers.get('set-cookie')!.split(';')[0]! };
  const session = (await call('POST', '/api/sessions', trainer, { caseId: 'het-advies-dat-verdween' })).json as { id: string; joinCode: string };
  const seats: Record<string, string>[] = [];
  for (const [name, side] of [['Wilhelmina', 'bestuurder'], ['Bram', 'ambtenaar'], ['Chantal', 'ambtenaar']]) {
    const joined = await call('POST', `/api/join/${session.joinCode}`, {}, { name, side });
    expect(joined.status).toBe(201);
    seats.push({ authorization: `Bearer ${joined.json.seatToken as string}` });
  }
  const command = (auth: Record<string, string>, cmd: object) => call('POST', `/api/sessions/${session.id}/commands`, auth, { idempotencyKey: crypto.randomUUID(), command: cmd });
  expect((await command(trainer, { type: 'start' })).status).toBe(200);

  // Every stream goes to A (first in the proxy's list).
  const streams = [trainer, ...seats].map((auth) => follow(base, `/api/sessions/${session.id}/stream?append=1`, auth));
  await until('every stream on A to be current', () => streams.every((s) => s.view?.status === 'running'));

  // A stops; the clients find B by themselves.
  const stopped = new Promise((r) => a.child.once('exit', r));
  a.child.kill(signal);
  await stopped;
  await until('every stream to reconnect', () => streams.every((s) => s.reconnects > 0));

  // Play goes on through B: the trainer moves on and a participant answers.
  const advanced = await command(trainer, { type: 'advance' });
  expect(advanced.status, JSON.stringify(advanced.json)).toBe(200);
  let answered: { status: number; json: Record<string, unknown> } | null = null;
  for (const seat of seats) {
    const r = await command(seat, { type: 'answer', stepId: 'reactie-adviseur', answer: { kind: 'option', optionId: 'handhaven' } });
    if (r.status === 200) answered = r;
  }
  expect(answered, 'one of the participants holds the adviser role').not.toBeNull();
  const seq = answered!.json.seq as number;
  await until('every stream to hold the answer', () => streams.every((s) => s.seq >= seq));
  expect(streams.every((s) => s.view?.participants.length === 3)).toBe(true);

  // One log, consecutive sequence numbers, written by both instances.
  const { db } = await openPostgres({ connectionString: PG_URL, schema });
  closers.push(() => db.destroy());
  const rows = await db.selectFrom('session_events').select('seq').where('session_id', '=', session.id).orderBy('seq').execute();
  expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
  expect(rows.length).toBe(seq);
});
