/** The commands a browser may send. `create`, `join`, `set-connected` and `timer-expired` are not among them: the server issues those itself. */
import { z } from 'zod';
import { PERSON_SIDES } from '@samenspel/engine';

const id = z.string().min(1).max(120);

export const answerSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('option'), optionId: id }),
  z.strictObject({ kind: z.literal('ranking'), order: z.array(id).min(1).max(50) }),
  z.strictObject({ kind: z.literal('scale'), value: z.number().int().min(-1000).max(1000) }),
  z.strictObject({ kind: z.literal('text'), text: z.string().min(1).max(2000), named: z.boolean().optional() }),
]);

export const clientCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('choose-side'), participantId: id, side: z.enum(PERSON_SIDES) }),
  z.strictObject({ type: z.literal('rename'), participantId: id, name: z.string().max(200) }),
  z.strictObject({ type: z.literal('remove'), participantId: id }),
  z.strictObject({ type: z.literal('assign-roles'), assignments: z.record(id, id).optional() }),
  z.strictObject({ type: z.literal('start') }),
  z.strictObject({ type: z.literal('answer'), stepId: id, answer: answerSchema, participantId: id.optional() }),
  z.strictObject({ type: z.literal('close-step') }),
  z.strictObject({ type: z.literal('reveal-step') }),
  z.strictObject({ type: z.literal('advance') }),
  z.strictObject({ type: z.literal('extend-timer'), seconds: z.number().int().min(10).max(3600) }),
  z.strictObject({ type: z.literal('pause') }),
  z.strictObject({ type: z.literal('resume') }),
  z.strictObject({ type: z.literal('fire-inject'), injectId: id }),
  z.strictObject({ type: z.literal('write-feedback'), participantId: id, text: z.string().max(2000) }),
  z.strictObject({ type: z.literal('moderate'), stepKey: id, ref: z.string().min(1).max(20), visible: z.boolean() }),
  z.strictObject({ type: z.literal('hand-over'), from: id, to: id }),
  z.strictObject({ type: z.literal('switch-perspectives') }),
  z.strictObject({ type: z.literal('end') }),
]);

export const commandRequestSchema = z.strictObject({
  idempotencyKey: z.string().min(8).max(100),
  command: clientCommandSchema,
});
