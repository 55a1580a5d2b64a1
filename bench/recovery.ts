/**
 * kill -9 in the middle of the load, restart, and count: every acknowledged action must be in
 * the store (lost: 0) and every client must resume by itself (streams reconnect with
 * Last-Event-ID; answers are retried with the same idempotency key until acknowledged).
 *
 *   npm run bench:recovery -- [--quick] [--json] [--repeat 5] [--sessions 50] [--participants 15] [--backend sqlite|postgres]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCase, sidesFor } from '@samenspel/engine';
import { request, sleep } from './lib/http.js';
import { answerFor, setUpRooms } from './lib/load.js';
import { badOption, parseOptions } from './lib/options.js';
import { dropSchema, freshSchema, PG_URL } from './lib/postgres-schema.js';
import { ROOT, startProcess, type ServerProcess } from './lib/server-process.js';

const { values } = parseOptions({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '5' },
    sessions: { type: 'string' },
    participants: { type: 'string', default: '15' },
    backend: { type: 'string', default: 'sqlite' },
  },
});
// The load of bench:live (50 × 15) unless told otherwise; it was 20 until 2026-12-02.
const SESSIONS = Number(values.sessions ?? (values.quick ? 3 : 50));
if (values.backend !== 'sqlite' && values.backend !== 'postgres') badOption('--backend is sqlite or postgres');
const BACKEND = values.backend;
const PARTICIPANTS = Number(values.participants);
const REPEAT = Number(values.repeat);
const log = (...a: unknown[]) => {
  if (!values.json) console.error(...a);
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** POST until acknowledged or refused; connection errors and 5xx mean "try again, same key". */
async function postUntilAnswered(base: () => string, path: string, body: unknown, headers: Record<string, string>, deadline: number): Promise<{ status: number; seq: number | null; retries: number }> {
  let retries = 0;
  for (;;) {
    try {
      const r = await request<{ seq?: number }>(base(), 'POST', path, body, headers);
      if (r.status < 500) return { status: r.status, seq: r.status === 200 && typeof r.body?.seq === 'number' ? r.body.seq : null, retries };
    } catch {
      /* the server is down: retry */
    }
    if (Date.now() > deadline) return { status: 0, seq: null, retries };
    retries++;
    await sleep(100 + Math.random() * 200);
  }
}

async function once(rep: number) {
  const dataDir = mkdtempSync(join(tmpdir(), 'samenspel-recovery-'));
  // On PostgreSQL each repetition has a schema of its own; the restarted server finds it again.
  const schema = BACKEND === 'postgres' ? freshSchema() : null;
  const env: Record<string, string> = schema ? { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema } : {};
  const port = await freePort();
  let server: ServerProcess = await startServerOnPort(dataDir, port, env);
  const base = () => server.base;
  try {
    const login = await request(base(), 'POST', '/api/auth/login', server.login);
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    const caseFile = parseCase(readFileSync(join(ROOT, 'cases', 'het-advies-dat-verdween.case.yaml'), 'utf8')).case!;
    const sides = sidesFor(caseFile, PARTICIPANTS);
    const rooms = await setUpRooms({
      base,
      streamBase: base,
      cookie,
      caseId: caseFile.id,
      sessions: SESSIONS,
      sides,
      send: async (path, body, headers) => {
        const r = await postUntilAnswered(base, path, body, headers, Date.now() + 60_000);
        return { status: r.status, seq: r.seq };
      },
    });
    for (const r of rooms) {
      await Promise.all(r.streams.map((s) => ((s.reconnect = true), s.open())));
      const s = await r.post({ type: 'start' }, 'trainer');
      await Promise.all(r.streams.map((x) => x.waitFor(s.seq ?? 0)));
    }
    // The burst: every eligible participant answers within a second; the server dies in the middle.
    const acked: { session: number; seq: number }[] = [];
    let refused = 0;
    const posts: Promise<void>[] = [];
    rooms.forEach((room, i) => {
      for (const p of room.participants) {
        const body = answerFor(room, p);
        if (!body) continue;
        posts.push(
          (async () => {
            await sleep(Math.random() * 1000);
            const r = await room.post(body, p.token);
            if (r.seq !== null) acked.push({ session: i, seq: r.seq });
            else refused++;
          })(),
        );
      }
    });
    await sleep(300 + Math.random() * 400);
    await server.stop('SIGKILL');
    const killedAt = performance.now();
    log(`rep ${rep}: killed with ${acked.length} answers acknowledged`);
    server = await startServerOnPort(dataDir, port, env);
    const restartedMs = performance.now() - killedAt;
    await Promise.all(posts);
    // Every stream must come back by itself and reach the newest state of its session.
    const finalSeq = await Promise.all(rooms.map(async (r) => (await request<{ view: { seq: number } }>(base(), 'GET', `/api/sessions/${r.id}/view`, undefined, { cookie })).body.view.seq));
    await Promise.all(rooms.flatMap((r, i) => r.streams.map((s) => s.waitFor(finalSeq[i]!, 60_000))));
    const resumedMs = performance.now() - killedAt;
    const reconnected = rooms.reduce((n, r) => n + r.streams.filter((s) => s.reconnects > 0).length, 0);
    for (const r of rooms) for (const s of r.streams) s.close();
    await server.stop();
    const { openDatabase } = await import('../packages/server/src/storage/open.js');
    const { db } = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL ?? null, schema });
    let stored = 0;
    for (let i = 0; i < rooms.length; i++) {
      const max = await db.selectFrom('session_events').select((eb) => eb.fn.max('seq').as('m')).where('session_id', '=', rooms[i]!.id).executeTakeFirst();
      stored += acked.filter((a) => a.session === i && a.seq <= Number(max?.m ?? 0)).length;
    }
    // No answer may be stored twice: the engine refuses a second answer of one seat to one step.
    const answers = await db.selectFrom('session_events').select(['payload']).where('type', '=', 'answer-given').execute();
    const seen = new Set<string>();
    let duplicates = 0;
    for (const { payload } of answers) {
      const e = JSON.parse(payload) as { stepKey: string; participantId: string };
      const k = `${e.stepKey}/${e.participantId}`;
      if (seen.has(k)) duplicates++;
      seen.add(k);
    }
    await db.destroy();
    return { acknowledged: acked.length, stored, lost: acked.length - stored, refused, duplicates, streams: rooms.length * (PARTICIPANTS + 2), reconnected, restartMs: Math.round(restartedMs), resumeMs: Math.round(resumedMs) };
  } finally {
    await server.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    if (schema) await dropSchema(schema);
  }
}

async function startServerOnPort(dataDir: string, port: number, env: Record<string, string>): Promise<ServerProcess> {
  return startProcess(['packages/server/src/cli/main.ts', 'serve', '--port', String(port), '--data', dataDir], { HOST: '127.0.0.1', ...env }, /draait op (http:\/\/\S+)/);
}

const runs = [];
for (let rep = 1; rep <= REPEAT; rep++) runs.push(await once(rep));
const out = {
  machine: `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}`,
  backend: BACKEND,
  sessions: SESSIONS,
  participants: PARTICIPANTS,
  repetitions: REPEAT,
  acknowledged: runs.reduce((n, r) => n + r.acknowledged, 0),
  stored: runs.reduce((n, r) => n + r.stored, 0),
  lost: runs.reduce((n, r) => n + r.lost, 0),
  duplicates: runs.reduce((n, r) => n + r.duplicates, 0),
  max_restart_ms: Math.max(...runs.map((r) => r.restartMs)),
  max_resume_ms: Math.max(...runs.map((r) => r.resumeMs)),
  runs,
};
if (values.json) console.log(JSON.stringify(out));
else {
  console.log(`\n${REPEAT} × kill -9 during an answer burst, ${SESSIONS} sessions × ${PARTICIPANTS} participants on ${BACKEND}; ${out.machine}`);
  for (const [i, r] of runs.entries()) console.log(`  run ${i + 1}: acknowledged ${r.acknowledged}, stored ${r.stored}, lost ${r.lost}, duplicates ${r.duplicates}, ${r.reconnected}/${r.streams} streams reconnected, restart ${r.restartMs} ms, all resumed after ${r.resumeMs} ms`);
  console.log(`lost: ${out.lost}, duplicates: ${out.duplicates}; slowest restart ${out.max_restart_ms} ms, slowest full resume ${out.max_resume_ms} ms`);
}
