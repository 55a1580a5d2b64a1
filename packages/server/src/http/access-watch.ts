/**
 * Open trainer streams and changes of access. A request is checked when it arrives; a stream
 * stays open for hours. When someone's access may have shrunk (a role changed, a membership or a
 * bureau's client relation ended, a logout), the change is announced on the session bus (so on
 * every instance), and each open trainer stream checks its caller again and ends if they may no
 * longer run the session. Rare events, so one channel for all of them.
 */
import type { FastifyRequest } from 'fastify';
import { callerFor } from './callers.js';
import type { AppContext } from './context.js';

const ACCESS_CHANNEL = 'samenspel:access-changed';

export function announceAccessChange(ctx: AppContext): void {
  ctx.runtime.bus.publish(ACCESS_CHANNEL, Date.now());
}

/** Calls `end` when the caller of `req` is no longer a trainer of the session; returns the unsubscribe. */
export function watchTrainerAccess(ctx: AppContext, req: FastifyRequest, sessionId: string, end: () => void): () => void {
  return ctx.runtime.bus.subscribe(ACCESS_CHANNEL, () => {
    callerFor(ctx, req, sessionId).then(
      ({ caller }) => {
        if (caller.kind !== 'trainer') end();
      },
      () => end(),
    );
  });
}
