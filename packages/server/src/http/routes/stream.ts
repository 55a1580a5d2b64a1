/**
 * Server-Sent Events: every message is the caller's own view plus the server time, with the
 * session sequence number as the event id. Views are whole snapshots, so resuming after
 * Last-Event-ID needs no replay: the current view is sent on every (re)connect.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { answerPatch, patchAudience, view } from '@samenspel/engine';
import { findLiveSession } from '../../storage/live-sessions.js';
import { callerFor, viewerOf } from '../callers.js';
import type { AppContext } from '../context.js';
import { ApiError, parseWith } from '../errors.js';
import { SECURITY_HEADERS } from '../security.js';

export function registerStreamRoutes(app: FastifyInstance, ctx: AppContext): void {
  const open = new Set<() => void>();
  // Messages that are the same for several streams of a session at one sequence number, made once
  // in a fan-out (one turn of the event loop) and dropped in the next turn, so the server time in
  // them stays fresh.
  const cache = new Map<string, string>();
  let clearing = false;
  const shared = (key: string, make: () => string): string => {
    let m = cache.get(key);
    if (m === undefined) {
      m = make();
      cache.set(key, m);
      if (!clearing) {
        clearing = true;
        setImmediate(() => {
          cache.clear();
          clearing = false;
        });
      }
    }
    return m;
  };
  // Open streams would keep the server from closing; end them first.
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });
  app.get('/api/sessions/:id/stream', async (req, reply) => {
    const { id } = parseWith(z.object({ id: z.string().min(1).max(64) }), req.params);
    const { caller } = await callerFor(ctx, req, id, { allowQueryToken: true });
    const initial = await ctx.runtime.state(id);
    if (!initial) throw new ApiError(404, 'unknown-session');
    const viewer = viewerOf(caller);
    // Whatever Last-Event-ID the browser sends, one current snapshot brings it up to date.
    let sentSeq = -1;

    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Proxies (nginx and many government ones) must not buffer the stream.
      'x-accel-buffering': 'no',
    });
    res.write('retry: 2000\n\n');

    let closed = false;
    const send = async (force: boolean) => {
      if (closed) return;
      // A newer observer link revokes this one (the route publishes on the bus when it does):
      // the revoked co-trainer's open stream ends too, not only their next request.
      if (caller.kind === 'observer') {
        const row = await findLiveSession(ctx.db, id).catch(() => undefined);
        if (row?.observer_token_hash !== caller.tokenHash) return close();
        if (closed) return;
      }
      // Not cached when another instance moved the session on: read it from the shared log.
      const s = ctx.runtime.cachedState(id) ?? (await ctx.runtime.state(id).catch(() => null));
      if (!s || closed) return;
      if (!force && s.seq <= sentSeq) return;
      // One answer moved only a little for this viewer (the answered count; the answerer's own
      // answer; who answered, for the trainer): a patch of a few bytes will do.
      const change = force ? undefined : ctx.runtime.lastChange(id);
      if (change && change.fromSeq === sentSeq && change.toSeq === s.seq) {
        const audience = patchAudience(change.events, viewer);
        const make = () => {
          const patch = answerPatch(s, change.events, viewer);
          return patch ? `event: patch\nid: ${s.seq}\ndata: ${JSON.stringify({ ...patch, serverTime: ctx.runtime.now() })}\n\n` : '';
        };
        // The answerer's patch is theirs alone; the others' and the trainer's are the same for all of them.
        const message = audience === 'answerer' ? make() : shared(`${id}\u0000${s.seq}\u0000patch:${audience}`, make);
        if (message) {
          sentSeq = s.seq;
          res.write(message);
          return;
        }
      }
      let message: string;
      try {
        const make = () => `id: ${s.seq}\ndata: ${JSON.stringify({ view: view(s, viewer), serverTime: ctx.runtime.now() })}\n\n`;
        // Trainer, observers and the projector see the same view as others of their kind; a participant's is their own.
        message = !force && viewer.kind !== 'participant' ? shared(`${id}\u0000${s.seq}\u0000view:${viewer.kind}`, make) : make();
      } catch {
        // A removed or unknown participant has no view any more; end their stream.
        close();
        return;
      }
      sentSeq = s.seq;
      res.write(message);
    };
    // Even when the browser is up to date, the first message gives it a fresh server time.
    void send(true);
    // Several changes in one turn of the event loop (a group commit, a burst of answers) make one
    // view per viewer, not one per change: views are whole snapshots, so the newest one suffices.
    let queued = false;
    const unsubscribe = ctx.runtime.bus.subscribe(id, () => {
      if (queued) return;
      queued = true;
      setImmediate(() => {
        queued = false;
        void send(false);
      });
    });
    const heartbeat = setInterval(() => {
      if (!closed) res.write(`: ${ctx.runtime.now()}\n\n`);
    }, ctx.config.heartbeatSeconds * 1000);
    heartbeat.unref();
    if (caller.kind === 'participant') ctx.presence.connect(id, caller.participantId);

    function close() {
      if (closed) return;
      closed = true;
      open.delete(close);
      clearInterval(heartbeat);
      unsubscribe();
      if (caller.kind === 'participant') ctx.presence.disconnect(id, caller.participantId);
      res.end();
    }
    open.add(close);
    req.raw.on('close', close);
  });
}
