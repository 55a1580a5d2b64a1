/**
 * Joining without an account: look up a code, then take a seat with a name and one's own side.
 * Wrong codes count against the caller's address so codes cannot be guessed by brute force.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { PERSON_SIDES, totalSeats } from '@samenspel/engine';
import { hashToken, newId, newToken, normaliseJoinCode } from '../../auth/tokens.js';
import { deleteSeat, findByJoinCode, findSeat, insertSeat, type LiveSessionRow } from '../../storage/live-sessions.js';
import type { AppContext } from '../context.js';
import { ApiError, parseWith, REFUSAL_STATUS, sendError } from '../errors.js';
import { publicOrigin } from './sessions.js';

const codeParams = z.object({ code: z.string().min(1).max(20) });

const joinSchema = z.strictObject({
  name: z.string().max(200),
  side: z.enum(PERSON_SIDES),
  email: z.email().max(200).optional().or(z.literal('').transform(() => undefined)),
  /**
   * A seat token the browser made itself (256 bits, base64url). Sending the same one again is the
   * same join, so a retry after a lost answer on bad wifi does not bump into "name taken"; and the
   * server still keeps only its hash.
   */
  seatToken: z.string().regex(/^[A-Za-z0-9_-]{43,128}$/).optional(),
});

async function sessionForCode(ctx: AppContext, req: FastifyRequest): Promise<LiveSessionRow> {
  const ip = req.ip;
  if (!ctx.joinLimiter.allowed(ip)) throw new ApiError(429, 'too-many-requests');
  const code = normaliseJoinCode(parseWith(codeParams, req.params).code);
  const session = /^[A-Z0-9]{4,10}$/.test(code) ? await findByJoinCode(ctx.db, code) : undefined;
  if (!session) {
    ctx.joinLimiter.hit(ip);
    throw new ApiError(404, 'unknown-join-code', { code: code.slice(0, 10) });
  }
  return session;
}

export function registerJoinRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/api/join/:code', async (req) => {
    const session = await sessionForCode(ctx, req);
    const s = await ctx.runtime.state(session.id);
    if (!s?.caseFile) throw new ApiError(404, 'unknown-session');
    const taken = Object.values(s.participants).filter((p) => !p.removed).length;
    return {
      sessionId: session.id,
      joinCode: session.join_code,
      title: s.title ?? s.caseFile.title,
      caseTitle: s.caseFile.title,
      status: s.status,
      seatsLeft: Math.max(0, totalSeats(s.caseFile) - taken),
      sides: PERSON_SIDES,
    };
  });

  app.post('/api/join/:code', async (req, reply) => {
    const session = await sessionForCode(ctx, req);
    const body = parseWith(joinSchema, req.body ?? {});
    if (body.seatToken) {
      const earlier = await findSeat(ctx.db, hashToken(body.seatToken), { fresh: true });
      if (earlier) {
        if (earlier.session_id !== session.id) throw new ApiError(409, 'seat-token-in-use');
        return reply.code(200).send({ sessionId: session.id, participantId: earlier.participant_id, seatToken: body.seatToken });
      }
    }
    const participantId = newId();
    const seatToken = body.seatToken ?? newToken();
    // The seat exists before the participant does, so an acknowledged join always has a working token.
    await insertSeat(ctx.db, { token_hash: hashToken(seatToken), session_id: session.id, participant_id: participantId, email: body.email ?? null, created_at: ctx.runtime.now() });
    const { result } = await ctx.runtime.execute(session.id, { type: 'join', participantId, name: body.name, side: body.side }, { kind: 'participant', participantId });
    if (!result.ok) {
      await deleteSeat(ctx.db, hashToken(seatToken));
      return sendError(req, reply, REFUSAL_STATUS[result.refusal.code] ?? 409, result.refusal.code, result.refusal.detail ?? {});
    }
    return reply.code(201).send({ sessionId: session.id, participantId, seatToken });
  });

  app.get('/api/join/:code/qr.svg', async (req, reply) => {
    const session = await sessionForCode(ctx, req);
    const svg = await QRCode.toString(`${publicOrigin(ctx, req)}/join/${session.join_code}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return reply.type('image/svg+xml').header('cache-control', 'no-store').send(svg);
  });
}
