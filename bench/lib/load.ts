/** Shared by bench:live and bench:recovery: the rooms, the answer bursts and the latency summary. */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { applyViewDiff, type SessionView, type ViewDiff } from '@samenspel/engine';
import { percentile, request, sleep, SseStream } from './http.js';

export interface Action {
  session: number;
  t0: number;
  seq: number | null;
  status: number;
  /** From the POST until its response (stored and acknowledged), without the fan-out. */
  ackMs?: number;
}

export interface Room {
  id: string;
  post: (body: unknown, who: string) => Promise<{ status: number; seq: number | null }>;
  streams: SseStream[];
  participants: { token: string; stream: SseStream }[];
  trainer: SseStream;
}

export function summarise(actions: Action[], rooms: Room[]) {
  const latencies: number[] = [];
  let undelivered = 0;
  for (const a of actions) {
    if (a.seq === null) continue;
    let worst = 0;
    for (const s of rooms[a.session]!.streams) {
      const t = s.arrivalOf(a.seq);
      if (t === null) {
        undelivered++;
        worst = NaN;
        break;
      }
      worst = Math.max(worst, t - a.t0);
    }
    if (!Number.isNaN(worst)) latencies.push(worst);
  }
  latencies.sort((x, y) => x - y);
  const acks = actions.flatMap((a) => (a.seq !== null && a.ackMs !== undefined ? [a.ackMs] : [])).sort((x, y) => x - y);
  return { latencies, undelivered, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), ackP50: percentile(acks, 50), ackP99: percentile(acks, 99) };
}

const SETTLE_MS = 300;

/**
 * Every eligible participant answers at a random moment within one second. Returns the time from
 * the first answer's timer until every stream holds the last answer (`ms`; `onStart` is called at
 * its start) and how late this process's own event loop ran meanwhile (`loopDelayP99Ms`, `loopDelayMaxMs`): every
 * time in this benchmark is taken here, so while the load generator's loop is behind (reading the
 * streams of 850 phones, which have a processor each), answers look slower than the server made them.
 */
export async function burst(rooms: Room[], actions: Action[], answerFor: (room: Room, p: Room['participants'][number]) => unknown | null, onStart?: () => void): Promise<{ ms: number; loopDelayP99Ms: number; loopDelayMaxMs: number }> {
  // Every answer is made before the first timer starts: making them reads every participant's
  // view (JSON of several KB each), and doing that between the timers held up the first ones
  // until they all went at once, a herd that the baseline (whose answers need no view) never had.
  const answers: { i: number; room: Room; p: Room['participants'][number]; body: unknown }[] = [];
  rooms.forEach((room, i) => {
    for (const p of room.participants) {
      const body = answerFor(room, p);
      if (body !== null) answers.push({ i, room, p, body });
    }
  });
  // Making them parsed every participant's view (~5 MB of JSON for 750): the garbage collection
  // that follows ran on both cores during the first answers of the first burst, slowing the server
  // under test (p99 17-32 ms against 8-15 ms with this pause, three pairs). 850 phones would each
  // do this on their own processor; here the load generator lets it finish first.
  await sleep(SETTLE_MS);
  onStart?.();
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const started = performance.now();
  const posts = answers.map(async ({ i, room, p, body }) => {
    await sleep(Math.random() * 1000);
    const t0 = performance.now();
    const r = await room.post(body, p.token);
    actions.push({ session: i, t0, seq: r.seq, status: r.status, ackMs: performance.now() - t0 });
  });
  await Promise.all(posts);
  // Let every stream catch up with the last acknowledged sequence of its session.
  await Promise.all(
    rooms.map((room, i) => {
      const last = Math.max(-1, ...actions.filter((a) => a.session === i && a.seq !== null).map((a) => a.seq!));
      return Promise.all(room.streams.map((s) => s.waitFor(last, 15_000).catch(() => undefined)));
    }),
  );
  const ms = performance.now() - started;
  loop.disable();
  // The histogram holds the time between its 1 ms timer's turns; late is what exceeds the 1 ms.
  // A loop held up for 15 ms is one late turn among a thousand, so the p99 hides it; the max does not.
  return { ms, loopDelayP99Ms: Math.max(0, loop.percentile(99) / 1e6 - 1), loopDelayMaxMs: Math.max(0, loop.max / 1e6 - 1) };
}


export function viewOf(s: SseStream): SessionView | null {
  if (!s.lastData) return null;
  return s.diffsSince.reduce((v, diff) => applyViewDiff(v, JSON.parse(diff) as ViewDiff), (JSON.parse(s.lastData) as { view: SessionView }).view);
}

/** What a participant answers to the step they see, or null when they have nothing to answer. */
export function answerFor(_room: Room, p: Room['participants'][number]): unknown | null {
  const step = viewOf(p.stream)?.step;
  if (!step || step.status !== 'open' || !step.mine?.eligible || step.mine.answer) return null;
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const answer =
    step.type === 'decision' || step.type === 'prediction' ? { kind: 'option', optionId: pick(step.options!).id }
    : step.type === 'ranking' ? { kind: 'ranking', order: step.items!.map((x) => x.id) }
    : step.type === 'scale' ? { kind: 'scale', value: step.scale!.min }
    : step.type === 'reflection' ? { kind: 'text', text: 'Een reflectie uit de benchmark.' }
    : null;
  return answer ? { type: 'answer', stepId: step.id, answer } : null;
}

export interface RoomSetUp {
  /** Where the API is (recovery: the restarted server's address). */
  base: () => string;
  /** Which instance the i-th stream of a session connects to (two instances: alternate). */
  streamBase: (i: number) => string;
  cookie: string;
  caseId: string;
  sessions: number;
  /** The side of each participant, in joining order. */
  sides: string[];
  /** How a command is posted: once (live) or until answered (recovery). */
  send: (path: string, body: unknown, headers: Record<string, string>) => Promise<{ status: number; seq: number | null }>;
}

/** Creates the sessions, joins their participants and prepares (unopened) streams for everyone. */
export async function setUpRooms(o: RoomSetUp): Promise<Room[]> {
  const rooms: Room[] = [];
  for (let i = 0; i < o.sessions; i++) {
    const created = await request<{ id: string; joinCode: string; projectorToken: string }>(o.base(), 'POST', '/api/sessions', { caseId: o.caseId }, { cookie: o.cookie });
    if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
    const { id, joinCode, projectorToken } = created.body;
    const participants: Room['participants'] = [];
    for (const [j, side] of o.sides.entries()) {
      const joined = await request<{ seatToken: string }>(o.base(), 'POST', `/api/join/${joinCode}`, { name: `Deelnemer ${j + 1}`, side });
      if (joined.status !== 201 && joined.status !== 200) throw new Error(`join failed: ${joined.status} ${JSON.stringify(joined.body)}`);
      participants.push({ token: joined.body.seatToken, stream: new SseStream(o.streamBase(j), `/api/sessions/${id}/stream?append=1`, { authorization: `Bearer ${joined.body.seatToken}` }, true) });
    }
    const trainer = new SseStream(o.streamBase(i), `/api/sessions/${id}/stream?append=1`, { cookie: o.cookie }, true);
    const projector = new SseStream(o.streamBase(i + 1), `/api/sessions/${id}/stream?append=1`, { authorization: `Bearer ${projectorToken}` });
    let k = 0;
    rooms.push({
      id,
      participants,
      trainer,
      streams: [trainer, projector, ...participants.map((p) => p.stream)],
      post: (command, token) =>
        o.send(`/api/sessions/${id}/commands`, { idempotencyKey: `${id}-${token.slice(0, 8)}-${k++}`, command }, token === 'trainer' ? { cookie: o.cookie } : { authorization: `Bearer ${token}` }),
    });
  }
  return rooms;
}
