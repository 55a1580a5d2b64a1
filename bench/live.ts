/**
 * A whole ministry at once: S sessions × P participants + a trainer and a projector each, all
 * streaming, playing a built-in case with answer bursts (every eligible participant of every
 * session answers within one second). For each answer: the time from POST until every viewer of
 * that session holds a view at least as new as the acknowledged sequence number. In the same
 * run, a bare broadcaster (same transport, no engine, no storage) under the same load is the floor.
 *
 *   npm run bench:live -- [--quick] [--json] [--sessions 50] [--participants 15] [--bursts 4]
 *                          [--backend sqlite|postgres|two] [--warm-connections] [--repeat 1] [--pin]
 *                          [--order sequential|interleaved] [--warm-up-bursts 0]
 *
 * The floor plays each of the server's bursts again: as many answers in each session, messages as
 * large as the server's streams received in that burst. By default (--order sequential) the
 * server plays all its bursts, stops, and then the floor plays them. --order interleaved keeps
 * both up and plays each of the floor's bursts right after the server's, so that a busy moment of
 * the shared machine falls on both alike; measured, the ratio was no steadier and the server
 * slower (bench/README.md). --repeat N measures N times and reports the medians (each run's
 * figures under `runs`): single runs on a shared machine vary 2-3x.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCase, sidesFor } from '@samenspel/engine';
import { cpuSecondsOf, percentile, postgresCpu, postgresCpuSince, request, sleep, SseStream } from './lib/http.js';
import { answerFor, burst, setUpRooms, summarise, type Action, type Room } from './lib/load.js';
import { badOption, parseOptions } from './lib/options.js';
import { dropSchema, freshSchema, PG_URL } from './lib/postgres-schema.js';
import { ROOT, startBroadcaster, startServer, type ServerProcess } from './lib/server-process.js';

const { values } = parseOptions({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    sessions: { type: 'string' },
    participants: { type: 'string', default: '15' },
    bursts: { type: 'string' },
    backend: { type: 'string', default: 'sqlite' },
    case: { type: 'string', default: 'het-advies-dat-verdween' },
    // Open the load generator's keep-alive connections before the first burst, in both runs, as a
    // phone that joined a minute ago still has one; by default the first burst opens them.
    'warm-connections': { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
    order: { type: 'string', default: 'sequential' },
    // Bursts played first and not measured, by the server and the floor alike (see WARM_UP).
    'warm-up-bursts': { type: 'string', default: '0' },
    // The server on the first CPU, the load generator on the others, as if it ran on a machine
    // of its own: unpinned, the two take turns on the same cores and the load generator's own
    // work (parsing, garbage collection) shows up in the server's latencies.
    pin: { type: 'boolean', default: false },
  },
});
if (values.pin) {
  if (cpus().length < 2) badOption('--pin needs at least two CPUs');
  process.env.BENCH_SERVER_CPUS = '0';
  spawnSync('taskset', ['-a', '-p', '-c', `1-${cpus().length - 1}`, String(process.pid)], { stdio: 'ignore' });
}
const REPEAT = Math.max(1, Number(values.repeat));
if (values.order !== 'interleaved' && values.order !== 'sequential') badOption('--order is interleaved or sequential');
const ORDER = values.order;
/**
 * A server fresh from a start optimises its request path during its first bursts: a V8 log of a
 * run showed 148 TurboFan compilations in the four bursts, 112 of them first ones (Fastify's
 * routing and body parsing, the command route, the runtime), on threads that take the two cores
 * from the server and the load generator. Warm-up bursts measure a server that has been in use.
 * They use up the case's first steps, so the measured bursts are later ones with other numbers of
 * answers (steps 2-5 of het-advies-dat-verdween: 1250 answers instead of 1500); compare runs
 * with the same number of warm-up bursts only. Their answers count in `acknowledged` and `stored`
 * (every acknowledged answer must be stored), not in `actions` or any latency.
 */
const WARM_UP = Number(values['warm-up-bursts']);
if (!Number.isInteger(WARM_UP) || WARM_UP < 0) badOption('--warm-up-bursts is a whole number from 0');
const WARM_CONNECTIONS = values['warm-connections'] ? 300 : 0;
/** Opens `n` keep-alive connections to `base` at once; the agent keeps them for the bursts. */
const warm = (base: string, path: string) => Promise.all(Array.from({ length: WARM_CONNECTIONS }, () => request(base, 'GET', path)));
const SESSIONS = Number(values.sessions ?? (values.quick ? 5 : 50));
const PARTICIPANTS = Number(values.participants);
const BURSTS = Number(values.bursts ?? (values.quick ? 2 : 4));
// Anything but sqlite ran on PostgreSQL under the name given; now it is one of the three.
if (values.backend !== 'sqlite' && values.backend !== 'postgres' && values.backend !== 'two') badOption('--backend is sqlite, postgres or two');
const BACKEND = values.backend;
const log = (...a: unknown[]) => {
  if (!values.json) console.error(...a);
};

/** The server's memory after a full garbage collection, from bench/lib/memory-probe.mjs. */
async function memoryOf(pid: number, file: string): Promise<NodeJS.MemoryUsage> {
  rmSync(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (let waited = 0; waited < 5000; waited += 20) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as NodeJS.MemoryUsage;
    } catch {
      await sleep(20);
    }
  }
  throw new Error('the server did not report its memory (bench/lib/memory-probe.mjs)');
}

/**
 * A line between what the server printed (BENCH_SERVER_LOG), to tell a burst's lines from start-up's.
 * It ends with the monotonic clock in seconds (CLOCK_MONOTONIC, as `perf record -k CLOCK_MONOTONIC`
 * stamps its samples), so a system-wide profile can be cut to the bursts.
 */
function mark(text: string): void {
  if (process.env.BENCH_SERVER_LOG) appendFileSync(process.env.BENCH_SERVER_LOG, `\n=== ${text} at ${(Number(process.hrtime.bigint()) / 1e9).toFixed(6)}\n`);
}

/** What one system (the server under test, or the floor) reports after its last burst. */
interface Measured {
  result: ReturnType<typeof summarise>;
  actions: Action[];
  throughput: number;
  cpuMsPerAnswer: number;
  /** Cores kept busy in the burst with the most answers (see `CoresBusy`). */
  largestBurstCores: number;
  /** The load generator's own event-loop delay (see `LoopDelay`). */
  loopDelay: LoopDelay;
}

/**
 * How many of the machine's cores the burst with the most answers kept busy: the CPU time of the
 * server (every thread; with two instances, both), of PostgreSQL's processes and of this load
 * generator, over the burst's wall time (from the first answer's timer until every stream holds
 * the last answer). All three share the machine's cores, so near `cpus().length` the answers
 * queue for a core, whoever's work it is.
 */
class CoresBusy {
  private answers = -1;
  value = 0;
  add(answers: number, cpuSeconds: number, wallMs: number): void {
    if (answers <= this.answers || wallMs <= 0) return;
    this.answers = answers;
    this.value = cpuSeconds / (wallMs / 1000);
  }
}

/** How late the load generator's own loop ran: the worst p99 and the worst single delay over the measured bursts (see `burst()`). */
class LoopDelay {
  p99Ms = 0;
  maxMs = 0;
  add(b: { loopDelayP99Ms: number; loopDelayMaxMs: number }): void {
    this.p99Ms = Math.max(this.p99Ms, b.loopDelayP99Ms);
    this.maxMs = Math.max(this.maxMs, b.loopDelayMaxMs);
  }
}

/** One of the server's bursts, for the floor to play alike: how many answers each session had, how large the messages were. */
interface Shape {
  answersPerSession: number[];
  messageBytes: number;
}

/**
 * The server under test with every stream open and every session started. `burst()` plays one
 * answer burst and then the trainer's advance, and says what the floor's matching burst must be.
 */
async function openSamenspel() {
  const dataDir = mkdtempSync(join(tmpdir(), 'samenspel-bench-'));
  const schema = freshSchema();
  // Each run gets a fresh PostgreSQL schema, dropped afterwards.
  const env: Record<string, string> = BACKEND === 'sqlite' ? {} : { DATABASE_URL: PG_URL, DATABASE_SCHEMA: schema };
  const dataDirs = [dataDir];
  const memoryFile = join(dataDir, 'memory.json');
  const servers: ServerProcess[] = [];
  const cleanUp = async () => {
    for (const s of servers) await s.stop('SIGKILL');
    for (const d of dataDirs) rmSync(d, { recursive: true, force: true });
    if (BACKEND !== 'sqlite') await dropSchema(schema);
  };
  try {
    // Instance A (the one measured) collects garbage and reports its memory on a signal (memory-probe.mjs).
    servers.push(await startServer({ dataDir, env: { ...env, BENCH_MEMORY_FILE: memoryFile }, nodeArgs: ['--expose-gc', '--import', './bench/lib/memory-probe.mjs'] }));
    if (BACKEND === 'two') {
      dataDirs.push(mkdtempSync(join(tmpdir(), 'samenspel-bench-b-')));
      servers.push(await startServer({ dataDir: dataDirs[1]!, env }));
    }
    const a = servers[0]!;
    const streamBase = (i: number) => servers[i % servers.length]!.base;
    if (!a.login) throw new Error('no demo login printed');
    const login = await request<{ user: unknown }>(a.base, 'POST', '/api/auth/login', a.login);
    if (login.status !== 200) throw new Error(`login failed: ${login.status}`);
    const cookie = String(login.headers['set-cookie']?.[0] ?? '').split(';')[0]!;
    const caseFile = parseCase(readFileSync(join(ROOT, 'cases', `${values.case}.case.yaml`), 'utf8')).case!;
    const sides = sidesFor(caseFile, PARTICIPANTS);
    log(`setting up ${SESSIONS} sessions × ${PARTICIPANTS} participants on ${BACKEND}`);
    // Participants spread over the instances: a POST on one must reach streams on the other.
    const rooms = await setUpRooms({
      base: () => a.base,
      streamBase,
      cookie,
      caseId: caseFile.id,
      sessions: SESSIONS,
      sides,
      send: async (path, body, headers) => {
        const r = await request<{ seq?: number }>(a.base, 'POST', path, body, headers);
        return { status: r.status, seq: r.status === 200 && typeof r.body?.seq === 'number' ? r.body.seq : null };
      },
    });
    const before = await memoryOf(a.pid, memoryFile);
    for (const r of rooms) await Promise.all(r.streams.map((s) => s.open()));
    const connections = rooms.length * rooms[0]!.streams.length;
    // With two instances, A holds only its share of the streams.
    const onA = rooms.flatMap((r) => r.streams).filter((s) => s.base === a.base).length;
    await sleep(500);
    const after = await memoryOf(a.pid, memoryFile);
    // What the open streams hold once garbage is collected: JavaScript objects and the buffers outside the heap.
    const memPerConnKb = (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / onA;
    log(`${connections} streams open; starting`);
    for (const r of rooms) {
      const s = await r.post({ type: 'start' }, 'trainer');
      await Promise.all(r.streams.map((x) => x.waitFor(s.seq ?? 0)));
    }
    await warm(a.base, '/api/health');
    /** Answers of the measured bursts; `all` has the warm-up bursts' too, for the durability check. */
    const actions: Action[] = [];
    const all: Action[] = [];
    const received = () => rooms.flatMap((r) => r.streams).reduce((t, x) => ({ messages: t.messages + x.messages, chars: t.chars + x.dataChars }), { messages: 0, chars: 0 });
    let bursts = 0;
    let burstMs = 0;
    let cpuSeconds = 0;
    let burstCpu = 0;
    // PostgreSQL's processes share the cores too; SQLite's writer is a thread of the server.
    let databaseCpu = 0;
    let clientCpuMs = 0;
    const largest = new CoresBusy();
    const loopDelay = new LoopDelay();
    let messages = 0;
    let chars = 0;
    return {
      /**
       * One burst, then the trainer moves every session on; only the server's own time is counted,
       * and nothing of a warm-up burst but whether its answers were stored.
       */
      async burst(warmUp = false): Promise<Shape> {
        const these: Action[] = [];
        // With BENCH_SERVER_LOG (say, BENCH_SERVER_NODE_ARGS=--trace-opt), what the server printed during a burst stands between these lines.
        mark(`${warmUp ? 'warm-up burst' : 'burst'} start`);
        const c0 = cpuSecondsOf(a.pid);
        const client0 = process.cpuUsage();
        const r0 = received();
        // From the first answer's timer on: the load generator makes every answer before that.
        // Every instance's CPU (with two, B's work is on the same cores as A's).
        const allServers = () => servers.reduce((t, x) => t + cpuSecondsOf(x.pid), 0);
        let atStart = { servers: 0, database: null as Map<number, number> | null, client: process.cpuUsage() };
        const { ms, ...lateness } = await burst(rooms, these, answerFor, () => (atStart = { servers: allServers(), database: BACKEND === 'sqlite' ? null : postgresCpu(), client: process.cpuUsage() }));
        const c1 = cpuSecondsOf(a.pid);
        const servers1 = allServers();
        const inDatabase = atStart.database ? postgresCpuSince(atStart.database, postgresCpu()) : 0;
        const inBurst = process.cpuUsage(atStart.client);
        mark(`${warmUp ? 'warm-up burst' : 'burst'} end`);
        for (const r of rooms) {
          const s = await r.post({ type: 'advance' }, 'trainer');
          if (s.seq !== null) await Promise.all(r.streams.map((x) => x.waitFor(s.seq!, 15_000).catch(() => undefined)));
        }
        const client = process.cpuUsage(client0);
        const r1 = received();
        all.push(...these);
        if (!warmUp) {
          actions.push(...these);
          burstMs += ms;
          burstCpu += c1 - c0;
          databaseCpu += inDatabase;
          largest.add(these.length, servers1 - atStart.servers + inDatabase + (inBurst.user + inBurst.system) / 1e6, ms);
          loopDelay.add(lateness);
          cpuSeconds += cpuSecondsOf(a.pid) - c0;
          clientCpuMs += (client.user + client.system) / 1000;
          messages += r1.messages - r0.messages;
          chars += r1.chars - r0.chars;
          bursts++;
        }
        log(`${warmUp ? 'warm-up burst' : `burst ${bursts}/${BURSTS}`}: ${these.length} answers`);
        // As many answers per session as this burst had (each step has its own eligible sides),
        // and as many bytes per message as the streams received in it and the advance after it
        // (patches, diffs and whole views), not a whole view every time.
        const answersPerSession = rooms.map(() => 0);
        for (const x of these) answersPerSession[x.session]!++;
        return { answersPerSession, messageBytes: Math.round((r1.chars - r0.chars) / Math.max(1, r1.messages - r0.messages)) };
      },
      async close() {
        try {
          const result = summarise(actions, rooms);
          if (process.env.BENCH_DUMP) dumpTimeline(dumpFile(''), actions, rooms);
          const viewSizes = rooms.flatMap((r) => r.participants.map((p) => p.stream.lastData?.length ?? 0));
          // Durability covers every acknowledged answer, the warm-up bursts' too; the figures per
          // answer only the measured bursts'.
          const acknowledged = all.filter((x) => x.status === 200);
          const measuredAcknowledged = actions.filter((x) => x.status === 200).length;
          if (actions.length === 0) throw new Error(`the measured bursts had no answers: the case has fewer answerable steps than ${WARM_UP} warm-up + ${BURSTS} bursts`);
          for (const r of rooms) for (const s of r.streams) s.close();
          for (const s of servers) await s.stop();
          // Durability: every acknowledged sequence number is in the store after the server stopped.
          const { openDatabase } = await import('../packages/server/src/storage/open.js');
          const { db } = await openDatabase({ dataDir, databaseUrl: env.DATABASE_URL ?? null, schema: env.DATABASE_SCHEMA ?? null });
          let stored = 0;
          for (let i = 0; i < rooms.length; i++) {
            const max = await db.selectFrom('session_events').select((eb) => eb.fn.max('seq').as('m')).where('session_id', '=', rooms[i]!.id).executeTakeFirst();
            const m = Number(max?.m ?? 0);
            stored += acknowledged.filter((x) => x.session === i && x.seq! <= m).length;
          }
          await db.destroy();
          return {
            result,
            actions,
            warmUpActions: all.length - actions.length,
            acknowledged: acknowledged.length,
            stored,
            cpuPercent: (cpuSeconds / (burstMs / 1000)) * 100,
            clientCpuPercent: (clientCpuMs / burstMs) * 100,
            cpuMsPerAnswer: (cpuSeconds * 1000) / Math.max(1, measuredAcknowledged),
            burstCpuMsPerAnswer: (burstCpu * 1000) / Math.max(1, measuredAcknowledged),
            // -1 on SQLite: no database process of its own.
            databaseCpuMsPerAnswer: BACKEND === 'sqlite' ? -1 : (databaseCpu * 1000) / Math.max(1, measuredAcknowledged),
            memPerConnKb,
            viewBytes: Math.round(viewSizes.reduce((x, y) => x + y, 0) / Math.max(1, viewSizes.length)),
            messageBytes: Math.round(chars / Math.max(1, messages)),
            throughput: measuredAcknowledged / (burstMs / 1000),
            largestBurstCores: largest.value,
            loopDelay,
          } satisfies Measured & Record<string, unknown>;
        } finally {
          await cleanUp();
        }
      },
    };
  } catch (e) {
    // The first error is the one to see, not one of the clean-up's.
    await cleanUp().catch(() => undefined);
    throw e;
  }
}

/** BENCH_DUMP's file for this run: with --repeat, each run its own (`file.run2`, …), so that a slow run's timeline is kept. */
function dumpFile(suffix: string): string {
  return `${process.env.BENCH_DUMP}${REPEAT > 1 ? `.run${runs.length + 1}` : ''}${suffix}`;
}

/** BENCH_DUMP=file: every answer's start, acknowledgement and delivery to its slowest viewer, for a timeline. */
function dumpTimeline(file: string, actions: Action[], rooms: Room[]): void {
  const answers = actions.map((x) => {
    const arrivals = x.seq === null ? [] : rooms[x.session]!.streams.map((s) => s.arrivalOf(x.seq!));
    return { session: x.session, t0: x.t0, ack: x.ackMs, all: arrivals.includes(null) ? null : Math.max(...(arrivals as number[])) - x.t0 };
  });
  // The monotonic clock in µs at performance.now() = 0, to line answers up with a --cpu-prof of the server.
  const monotonicOrigin = Number(process.hrtime.bigint() / 1000n) - performance.now() * 1000;
  writeFileSync(file, JSON.stringify({ monotonicOrigin, answers }));
}

/** The bare broadcaster with as many rooms and streams as the server has, every stream open. */
async function openFloor() {
  const server = await startBroadcaster(1000);
  try {
    const rooms: Room[] = [];
    for (let i = 0; i < SESSIONS; i++) {
      const id = `room${i}`;
      const streams = Array.from({ length: PARTICIPANTS + 2 }, () => new SseStream(server.base, `/api/rooms/${id}/stream`));
      rooms.push({
        id,
        streams,
        trainer: streams[0]!,
        participants: streams.slice(2).map((stream, j) => ({ token: String(j), stream })),
        post: async (body) => {
          const r = await request<{ seq: number }>(server.base, 'POST', `/api/rooms/${id}/messages`, body);
          return { status: r.status, seq: r.body?.seq ?? null };
        },
      });
    }
    for (const r of rooms) await Promise.all(r.streams.map((s) => s.open()));
    await warm(server.base, '/health');
    const indexOf = new Map(rooms.map((r, i) => [r, i]));
    const actions: Action[] = [];
    let burstMs = 0;
    let cpuSeconds = 0;
    const largest = new CoresBusy();
    const loopDelay = new LoopDelay();
    return {
      /** One burst like one of the server's: as many answers in each session, messages as large. */
      async burst(shape: Shape, warmUp = false): Promise<void> {
        const set = await request(server.base, 'POST', '/payload', { bytes: shape.messageBytes });
        if (set.status !== 200) throw new Error(`bare broadcaster refused payload size: ${set.status}`);
        const c0 = cpuSecondsOf(server.pid);
        const these: Action[] = [];
        let atStart = { server: 0, client: process.cpuUsage() };
        const { ms, ...lateness } = await burst(rooms, these, (r, p) => (Number(p.token) < shape.answersPerSession[indexOf.get(r)!]! ? { answer: 'x' } : null), () => (atStart = { server: cpuSecondsOf(server.pid), client: process.cpuUsage() }));
        const c1 = cpuSecondsOf(server.pid);
        const inBurst = process.cpuUsage(atStart.client);
        if (warmUp) return;
        actions.push(...these);
        burstMs += ms;
        cpuSeconds += c1 - c0;
        largest.add(these.length, c1 - atStart.server + (inBurst.user + inBurst.system) / 1e6, ms);
        loopDelay.add(lateness);
      },
      async close(): Promise<Measured> {
        try {
          if (process.env.BENCH_DUMP) dumpTimeline(dumpFile('.baseline.json'), actions, rooms);
          for (const r of rooms) for (const s of r.streams) s.close();
          return { result: summarise(actions, rooms), actions, throughput: actions.length / (burstMs / 1000), cpuMsPerAnswer: (cpuSeconds * 1000) / Math.max(1, actions.length), largestBurstCores: largest.value, loopDelay };
        } finally {
          // SIGTERM, which it answers by exiting, so that a --cpu-prof of it is written.
          await server.stop('SIGTERM');
        }
      },
    };
  } catch (e) {
    await server.stop('SIGKILL');
    throw e;
  }
}

/** The floor plays the server's bursts again, once the server has stopped (--order sequential). */
async function playFloor(shapes: readonly Shape[]): Promise<Measured> {
  const floor = await openFloor();
  let played: Measured;
  try {
    for (const [b, shape] of shapes.entries()) await floor.burst(shape, b < WARM_UP);
  } finally {
    played = await floor.close();
  }
  return played;
}

async function measure() {
  const server = await openSamenspel();
  // Interleaved, the floor is up from the start and plays each burst right after the server's
  // (its k-th copies the server's k-th); sequential, it starts once the server has stopped.
  let floor: Awaited<ReturnType<typeof openFloor>> | null = null;
  if (ORDER === 'interleaved') {
    try {
      floor = await openFloor();
    } catch (e) {
      await server.close().catch(() => undefined);
      throw e;
    }
  }
  const shapes: Shape[] = [];
  let real: Awaited<ReturnType<typeof server.close>>;
  let alongside: Measured | null = null;
  try {
    for (let b = 0; b < WARM_UP + BURSTS; b++) {
      shapes.push(await server.burst(b < WARM_UP));
      await floor?.burst(shapes[b]!, b < WARM_UP);
    }
  } finally {
    try {
      real = await server.close();
    } finally {
      if (floor) alongside = await floor.close();
    }
  }
  const baseline = alongside ?? (await playFloor(shapes));
  latencies.push({ server: real.result.latencies, floor: baseline.result.latencies });
  return {
    actions: real.actions.length,
    acknowledged: real.acknowledged,
    stored: real.stored,
    undelivered: real.result.undelivered,
    warm_up_actions: real.warmUpActions,
    // The floor played the same bursts: as many answers, in the same sessions.
    baseline_actions: baseline.actions.length,
    p50_ms: round(real.result.p50),
    p95_ms: round(real.result.p95),
    p99_ms: round(real.result.p99),
    ack_p50_ms: round(real.result.ackP50),
    ack_p99_ms: round(real.result.ackP99),
    baseline_p50_ms: round(baseline.result.p50),
    baseline_p99_ms: round(baseline.result.p99),
    ratio: round(real.result.p99 / baseline.result.p99),
    throughput_per_s: round(real.throughput),
    server_cpu_percent: round(real.cpuPercent),
    server_cpu_ms_per_answer: round(real.cpuMsPerAnswer),
    server_cpu_ms_per_answer_in_bursts: round(real.burstCpuMsPerAnswer),
    database_cpu_ms_per_answer_in_bursts: round(real.databaseCpuMsPerAnswer),
    baseline_cpu_ms_per_answer: round(baseline.cpuMsPerAnswer),
    load_generator_cpu_percent: round(real.clientCpuPercent),
    // With the database and the load generator; the floor's with the load generator.
    cores_busy_in_largest_burst: round(real.largestBurstCores),
    baseline_cores_busy_in_largest_burst: round(baseline.largestBurstCores),
    // How far behind the load generator's own loop ran (p99 and max, each in its worst burst): time it may add to any figure.
    load_generator_loop_delay_p99_ms: round(real.loopDelay.p99Ms),
    baseline_load_generator_loop_delay_p99_ms: round(baseline.loopDelay.p99Ms),
    load_generator_loop_delay_max_ms: round(real.loopDelay.maxMs),
    baseline_load_generator_loop_delay_max_ms: round(baseline.loopDelay.maxMs),
    memory_per_connection_kb: round(real.memPerConnKb),
    view_bytes: real.viewBytes,
    message_bytes: real.messageBytes,
  };
}
function round(x: number) {
  return Math.round(x * 10) / 10;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * Every answer's latency of every run, the server's and the floor's, for the pooled figures: with
 * --repeat, the p99 of all answers together (7500 for five runs at 50 × 15) is the tail of the
 * whole sample. The median of the runs' own p99s leaves out the worst runs altogether; and one
 * run's p99 is its 15th-slowest answer, so the floor's moved between 7 and 50 ms from one run to
 * the next on an idle machine (2026-12-02), and each run's ratio with it.
 */
const latencies: { server: number[]; floor: number[] }[] = [];
const runs: Awaited<ReturnType<typeof measure>>[] = [];
for (let r = 0; r < REPEAT; r++) {
  runs.push(await measure());
  if (REPEAT > 1) log(`run ${r + 1}/${REPEAT}: p99 ${runs.at(-1)!.p99_ms} ms, bare broadcaster ${runs.at(-1)!.baseline_p99_ms} ms, ratio ${runs.at(-1)!.ratio}`);
}
type Run = (typeof runs)[number];
/** Summed over the runs; every other figure of a run is a median over them. */
const COUNTS = ['actions', 'acknowledged', 'stored', 'undelivered', 'baseline_actions', 'warm_up_actions'] as const;
type Figure = Exclude<keyof Run, (typeof COUNTS)[number]>;
const sum = (k: (typeof COUNTS)[number]) => runs.reduce((n, x) => n + x[k], 0);
const mid = (k: Figure) => round(median(runs.map((x) => x[k])));
const pooled = (which: 'server' | 'floor') => latencies.flatMap((x) => x[which]).sort((a, b) => a - b);
const pooledServer = pooled('server');
const pooledFloor = pooled('floor');
const out = {
  backend: BACKEND,
  warm_connections: WARM_CONNECTIONS > 0,
  warm_up_bursts: WARM_UP,
  order: ORDER,
  pinned: values.pin,
  machine: `${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, Node ${process.version}`,
  sessions: SESSIONS,
  participants: PARTICIPANTS,
  connections: SESSIONS * (PARTICIPANTS + 2),
  repeat: REPEAT,
  // Over all runs: nothing acknowledged may be missing from the store, nothing undelivered.
  actions: sum('actions'),
  acknowledged: sum('acknowledged'),
  stored: sum('stored'),
  undelivered: sum('undelivered'),
  baseline_actions: sum('baseline_actions'),
  warm_up_actions: sum('warm_up_actions'),
  // Medians over the runs (the value itself for one run); the ratio is the median of each run's ratio.
  ...(Object.fromEntries((Object.keys(runs[0]!) as (keyof Run)[]).filter((k): k is Figure => !(COUNTS as readonly string[]).includes(k)).map((k) => [k, mid(k)])) as Record<Figure, number>),
  // All runs' answers as one sample (see `latencies`); with one run, the run's own figures.
  ...(REPEAT > 1
    ? {
        pooled_p50_ms: round(percentile(pooledServer, 50)),
        pooled_p95_ms: round(percentile(pooledServer, 95)),
        pooled_p99_ms: round(percentile(pooledServer, 99)),
        pooled_baseline_p99_ms: round(percentile(pooledFloor, 99)),
        pooled_ratio: round(percentile(pooledServer, 99) / percentile(pooledFloor, 99)),
      }
    : {}),
  ...(REPEAT > 1 ? { runs: runs.map((x) => ({ p50_ms: x.p50_ms, p95_ms: x.p95_ms, p99_ms: x.p99_ms, baseline_p99_ms: x.baseline_p99_ms, ratio: x.ratio, stored: x.stored, acknowledged: x.acknowledged, cores_busy_in_largest_burst: x.cores_busy_in_largest_burst })) } : {}),
};
if (values.json) console.log(JSON.stringify(out));
else {
  console.log(`\n${out.sessions} sessions × ${out.participants} participants (+ trainer + projector) = ${out.connections} streams, backend ${out.backend}, bursts ${ORDER}${WARM_UP ? ` after ${WARM_UP} warm-up burst(s)` : ''}${WARM_CONNECTIONS ? ', POST connections opened before the bursts' : ''}; ${out.machine}${REPEAT > 1 ? `; medians of ${REPEAT} runs (p99 ${runs.map((x) => x.p99_ms).join(' / ')} ms, ratio ${runs.map((x) => x.ratio).join(' / ')})` : ''}`);
  console.log(`answers: ${out.actions}${out.warm_up_actions ? ` (+ ${out.warm_up_actions} in warm-up bursts, not measured)` : ''}, acknowledged ${out.acknowledged}, stored ${out.stored}, undelivered ${out.undelivered}`);
  console.log(`POST → every viewer of the session: p50 ${out.p50_ms} ms, p95 ${out.p95_ms} ms, p99 ${out.p99_ms} ms (POST → acknowledged: p50 ${out.ack_p50_ms} ms, p99 ${out.ack_p99_ms} ms)`);
  console.log(`bare broadcaster: p50 ${out.baseline_p50_ms} ms, p99 ${out.baseline_p99_ms} ms  → ratio ${out.ratio}`);
  if ('pooled_p99_ms' in out) console.log(`all ${REPEAT} runs' answers together: p50 ${out.pooled_p50_ms} ms, p95 ${out.pooled_p95_ms} ms, p99 ${out.pooled_p99_ms} ms; bare broadcaster p99 ${out.pooled_baseline_p99_ms} ms → ratio ${out.pooled_ratio}`);
  console.log(`throughput ${out.throughput_per_s} answers/s, server CPU ${out.server_cpu_percent}% of one core (${out.server_cpu_ms_per_answer} ms per answer, ${out.server_cpu_ms_per_answer_in_bursts} ms in the bursts alone, bare broadcaster ${out.baseline_cpu_ms_per_answer} ms)${out.database_cpu_ms_per_answer_in_bursts >= 0 ? `, PostgreSQL ${out.database_cpu_ms_per_answer_in_bursts} ms per answer in the bursts` : ''}, load generator ${out.load_generator_cpu_percent}%, ${out.memory_per_connection_kb} KB per connection, view ${out.view_bytes} bytes, ${out.message_bytes} bytes per message in the bursts`);
  console.log(`cores busy in the largest burst (server, database and load generator): ${out.cores_busy_in_largest_burst} of ${cpus().length}; bare broadcaster and load generator: ${out.baseline_cores_busy_in_largest_burst}`);
  console.log(`the load generator's own event loop ran late: p99 ${out.load_generator_loop_delay_p99_ms} ms, at most ${out.load_generator_loop_delay_max_ms} ms against the server; p99 ${out.baseline_load_generator_loop_delay_p99_ms} ms, at most ${out.baseline_load_generator_loop_delay_max_ms} ms against the bare broadcaster`);
}
