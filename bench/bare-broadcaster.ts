/**
 * The floor for bench:live: the same transport (Fastify, HTTP POST in, Server-Sent Events out,
 * a heartbeat comment per stream as often as the server's default) with no engine, no storage
 * and no per-viewer projection: a POST bumps the room's sequence number and writes one payload
 * of the given size to every stream of that room. `POST /payload {"bytes": n}` changes the size
 * between bursts, as bench:live learns what the server sent.
 *
 *   tsx bench/bare-broadcaster.ts --port 4100 --payload 4000
 */
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, payload: { type: 'string', default: '4000' } } });
/** `{"view":"xx…"}` of exactly `bytes` characters (11 of them around the x's). */
const payloadOf = (bytes: number) => JSON.stringify({ view: 'x'.repeat(Math.max(0, bytes - 11)) });
let payload = payloadOf(Number(values.payload));
/** The server's default HEARTBEAT_SECONDS. */
const HEARTBEAT_MS = 15_000;
const rooms = new Map<string, { seq: number; streams: Set<(seq: number) => void> }>();
const room = (id: string) => {
  let r = rooms.get(id);
  if (!r) rooms.set(id, (r = { seq: 0, streams: new Set() }));
  return r;
};

const app = Fastify({ logger: false });
// For --warm-connections: the cheapest request, as /api/health is on the real server.
app.get('/health', async () => ({ ok: true }));
app.post<{ Body: { bytes?: unknown } }>('/payload', async (req, reply) => {
  const bytes = Number(req.body?.bytes);
  if (!Number.isInteger(bytes) || bytes < 0 || bytes > 1_000_000) return reply.code(400).send({ error: 'bytes: a whole number up to 1000000' });
  payload = payloadOf(bytes);
  return { ok: true, bytes: payload.length };
});
app.post<{ Params: { room: string } }>('/api/rooms/:room/messages', async (req) => {
  const r = room(req.params.room);
  r.seq++;
  for (const s of r.streams) s(r.seq);
  return { ok: true, seq: r.seq };
});
app.get<{ Params: { room: string } }>('/api/rooms/:room/stream', async (req, reply) => {
  const r = room(req.params.room);
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const send = (seq: number) => res.write(`id: ${seq}\ndata: ${payload}\n\n`);
  send(r.seq);
  r.streams.add(send);
  const heartbeat = setInterval(() => res.write(`: ${Date.now()}\n\n`), HEARTBEAT_MS);
  req.raw.on('close', () => {
    clearInterval(heartbeat);
    r.streams.delete(send);
  });
});
// Exits on SIGTERM the normal way, so BENCH_NODE_ARGS=--cpu-prof writes its profile too.
process.on('SIGTERM', () => process.exit(0));
const address = await app.listen({ port: Number(values.port), host: '127.0.0.1' });
console.log(`listening ${address}`);
