/**
 * Server-Sent Events, with the session sequence number as the event id: the first message of a
 * connection is the caller's whole view plus the server time; after that a `diff` event with the
 * properties of the view that changed since what this connection sent (engine HeldView), or,
 * when one answer changed only a little for this caller, a `patch` event (engine/session/patch.ts).
 * Resuming after Last-Event-ID needs no replay: every (re)connect starts with the current view.
 *
 * Fan-out is per session: one bus subscription and one pass over the session's streams per
 * turn of the event loop, and a message that is the same for several of them (the patch for
 * everyone but the answerer and the trainer, the trainer's and the projector's view) is made once.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { answerPatch, HeldView, patchAudience, view, type SessionEvent, type SessionState, type SessionView, type Viewer } from '@samenspel/engine';
import { findLiveSession } from '../../storage/live-sessions.js';
import { watchTrainerAccess } from '../access-watch.js';
import { callerFor, viewerOf } from '../callers.js';
import type { AppContext } from '../context.js';
import { ApiError, parseWith } from '../errors.js';
import { SECURITY_HEADERS } from '../security.js';

interface Stream {
  viewer: Viewer;
  /** An observer's token hash: their stream ends when a newer link revokes it. */
  observerHash: string | null;
  /** What the browser holds of its view (its sequence number, and for diffs its parts). */
  held: HeldView;
  closed: boolean;
  res: ServerResponse;
  close(): void;
}

interface SessionStreams {
  streams: Set<Stream>;
  queued: boolean;
  unsubscribe: () => void;
}

type Change = { fromSeq: number; toSeq: number; events: SessionEvent[] };
/** What one pass over a session's streams makes once for everyone of a kind: patches, and the views of trainers, observers and the projector. */
type Shared = { patches: Map<string, string>; views: Map<string, SessionView> };

export function registerStreamRoutes(app: FastifyInstance, ctx: AppContext): void {
  const open = new Set<() => void>();
  const sessions = new Map<string, SessionStreams>();
  // Open streams would keep the server from closing; end them first.
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });

  /**
   * Sends `s` to one stream: nothing when it already holds it, a patch when the last change is
   * all it misses and a patch covers it, else its view (whole, or a diff from what it holds).
   */
  function deliver(st: Stream, s: SessionState, change: Change | undefined, shared: Shared | null, force: boolean): void {
    try {
      send(st, s, change, shared, force);
    } catch (err) {
      // A defect in making one stream's message must not end the process (and every session
      // with it): that stream ends, and its browser reconnects to a whole view.
      ctx.log.error({ err }, 'a stream message could not be made; the stream ends');
      st.close();
    }
  }

  function send(st: Stream, s: SessionState, change: Change | undefined, shared: Shared | null, force: boolean): void {
    if (st.closed || (!force && s.seq <= st.held.seq)) return;
    if (change && change.fromSeq === st.held.seq && change.toSeq === s.seq) {
      // One answer moved only a little for this viewer (the answered count; the answerer's own
      // answer; who answered, for the trainer): a patch of a few bytes will do.
      const audience = patchAudience(change.events, st.viewer);
      const key = `patch:${audience}`;
      let message = audience === 'answerer' ? undefined : shared?.patches.get(key);
      if (message === undefined) {
        const patch = answerPatch(s, change.events, st.viewer);
        message = patch ? `event: patch\nid: ${s.seq}\ndata: ${JSON.stringify({ ...patch, serverTime: ctx.runtime.now() })}\n\n` : '';
        // Whether there is a patch at all depends on the change only, not on who looks.
        if (audience !== 'answerer') shared?.patches.set(key, message);
      }
      if (message) {
        st.held.patched(s.seq);
        st.res.write(message);
        return;
      }
    }
    // Trainer, observers and the projector see the same view as others of their kind; a participant's is their own.
    const key = st.viewer.kind === 'participant' ? null : `view:${st.viewer.kind}`;
    let v = key ? shared?.views.get(key) : undefined;
    if (v === undefined) {
      try {
        v = view(s, st.viewer);
      } catch {
        // A removed or unknown participant has no view any more; end their stream.
        st.close();
        return;
      }
      if (key) shared?.views.set(key, v);
    }
    const m = st.held.message(v);
    st.res.write(`${m.event === 'diff' ? 'event: diff\n' : ''}id: ${s.seq}\ndata: ${m.open},"serverTime":${ctx.runtime.now()}}\n\n`);
  }

  /** One stream on its own: on connect (force: a fresh server time even when up to date) and for observers. */
  async function deliverOne(id: string, st: Stream, force: boolean): Promise<void> {
    if (st.closed) return;
    // A newer observer link revokes this one (the route publishes on the bus when it does):
    // the revoked co-trainer's open stream ends too, not only their next request.
    if (st.observerHash) {
      const row = await findLiveSession(ctx.db, id).catch(() => undefined);
      if (row?.observer_token_hash !== st.observerHash) return st.close();
      if (st.closed) return;
    }
    // Not cached when another instance moved the session on: read it from the shared log.
    const s = ctx.runtime.cachedState(id) ?? (await ctx.runtime.state(id).catch(() => null));
    if (!s) return;
    deliver(st, s, force ? undefined : ctx.runtime.lastChange(id), null, force);
  }

  /** Every stream of a session, once per turn however many changes the turn held: views are snapshots, the newest suffices. */
  function fanOut(id: string, group: SessionStreams): void {
    const s = ctx.runtime.cachedState(id);
    if (s) return pass(id, group, s);
    // Another instance moved the session on: fold in its events once, then one pass as usual
    // (with a patch when its change allows one); each stream on its own only if that fails.
    ctx.runtime.state(id).then(
      (fresh) => fresh && pass(id, group, fresh),
      () => {
        for (const st of group.streams) void deliverOne(id, st, false);
      },
    );
  }

  function pass(id: string, group: SessionStreams, s: SessionState): void {
    const change = ctx.runtime.lastChange(id);
    const shared: Shared = { patches: new Map(), views: new Map() };
    for (const st of group.streams) {
      if (st.observerHash) void deliverOne(id, st, false);
      else deliver(st, s, change, shared, false);
    }
  }

  function join(id: string, st: Stream): () => void {
    let group = sessions.get(id);
    if (!group) {
      const g: SessionStreams = {
        streams: new Set(),
        queued: false,
        unsubscribe: ctx.runtime.bus.subscribe(id, () => {
          if (g.queued) return;
          g.queued = true;
          setImmediate(() => {
            g.queued = false;
            fanOut(id, g);
          });
        }),
      };
      sessions.set(id, (group = g));
    }
    const g = group;
    g.streams.add(st);
    return () => {
      g.streams.delete(st);
      if (g.streams.size === 0 && sessions.get(id) === g) {
        g.unsubscribe();
        sessions.delete(id);
      }
    };
  }

  app.get('/api/sessions/:id/stream', async (req, reply) => {
    const { id } = parseWith(z.object({ id: z.string().min(1).max(64) }), req.params);
    const { caller } = await callerFor(ctx, req, id, { allowQueryToken: true });
    const initial = await ctx.runtime.state(id);
    if (!initial) throw new ApiError(404, 'unknown-session');
    const viewer = viewerOf(caller);

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

    // `?append=1`: the page understands a history sent as its new steps (engine ViewDiff).
    const append = (req.query as Record<string, unknown> | undefined)?.append === '1';
    const st: Stream = { viewer, observerHash: caller.kind === 'observer' ? caller.tokenHash : null, held: new HeldView({ append }), closed: false, res, close };
    // Whatever Last-Event-ID the browser sends, one current snapshot brings it up to date, and
    // even when the browser is up to date, the first message gives it a fresh server time.
    void deliverOne(id, st, true);
    const leave = join(id, st);
    const heartbeat = setInterval(() => {
      if (!st.closed) res.write(`: ${ctx.runtime.now()}\n\n`);
    }, ctx.config.heartbeatSeconds * 1000);
    heartbeat.unref();
    if (caller.kind === 'participant') ctx.presence.connect(id, caller.participantId);
    // A trainer demoted, removed or logged out elsewhere loses the trainer's view at once.
    const unwatch = caller.kind === 'trainer' ? watchTrainerAccess(ctx, req, id, close) : null;

    function close() {
      if (st.closed) return;
      st.closed = true;
      open.delete(close);
      clearInterval(heartbeat);
      leave();
      unwatch?.();
      if (caller.kind === 'participant') ctx.presence.disconnect(id, caller.participantId);
      res.end();
    }
    open.add(close);
    req.raw.on('close', close);
  });
}
