/**
 * The floor for bench:live: the same transport (Fastify, HTTP POST in, Server-Sent Events out)
 * with no engine, no storage and no per-viewer projection: a POST bumps the room's sequence
 * number and writes one payload of the given size to every stream of that room.
 *
 *   tsx bench/bare-broadcaster.ts --port 4100 --payload 4000
 */
import { parseArgs } from 'node:util';
import Fastify from 'fastify';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, payload: { type: 'string', default: '4000' } } });
const payload = JSON.stringify({ view: 'x'.repeat(Math.max(0, Number(values.payload) - 20)) });
const rooms = new Map<string, { seq: number; streams: Set<(seq: number) => void> }>();
const room = (id: string) => {
  let r = rooms.get(id);
  if (!r) rooms.set(id, (r = { seq: 0, streams: new Set() }));
  return r;
};

const app = Fastify({ logger: false });
// For --warm-connections: the cheapest request, as /api/health is on the real server.
app.get('/health', async () => ({ ok: true }));
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
  req.raw.on('close', () => r.streams.delete(send));
});
// Exits on SIGTERM the normal way, so BENCH_NODE_ARGS=--cpu-prof writes its profile too.
process.on('SIGTERM', () => process.exit(0));
const address = await app.listen({ port: Number(values.port), host: '127.0.0.1' });
console.log(`listening ${address}`);
