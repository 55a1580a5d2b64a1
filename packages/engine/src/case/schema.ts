/**
 * The case file format (`*.case.yaml`) as a zod schema. The schema checks shape only;
 * references between ids, reachability and design warnings are in `check.ts`, because
 * they need the whole case and must point at the exact place in the file.
 */
import { z } from 'zod';
import {
  ALLIANCES,
  DROPOUT_POLICIES,
  GOVERNMENT_ROLES,
  IDENTITY_LEVELS,
  ROLE_SIDES,
  SETTINGS,
  THEMES,
} from './vocabulary.js';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const id = z.string().regex(ID_PATTERN);
const text = z.string().min(1);

/** Indicator id → integer change. Built-in ids: the four government roles and four alliances. */
const effects = z.record(z.string(), z.number().int());

const later = z.strictObject({
  /** How many scene transitions later the consequence lands (at the ending at the latest). */
  after: z.number().int().min(1).max(20),
  /** Shown when it lands, e.g. "Zes maanden later…". */
  label: text.optional(),
  text,
  effects: effects.optional(),
});

const option = z.strictObject({
  id,
  label: text,
  description: text.optional(),
  effects: effects.optional(),
  later: z.array(later).optional(),
  /** Scene or ending that follows when this option carries the decision. */
  next: id.optional(),
});

const condition = z.union([
  z.strictObject({ indicator: id, min: z.number().int().optional(), max: z.number().int().optional() }),
  z.strictObject({ step: id, option: id }),
]);

const nextRule = z.strictObject({ if: condition.optional(), goto: id });
const next = z.union([id, z.array(nextRule).min(1)]);

const common = {
  id,
  prompt: text,
  /** Who sees who answered what, once revealed. */
  identity: z.enum(IDENTITY_LEVELS).optional(),
  /** Seconds; the trainer can pause or extend. Nothing is scored on speed. */
  timer: z.number().int().min(10).max(3600).optional(),
  /** What happens when a player who should answer drops out. */
  dropout: z.enum(DROPOUT_POLICIES).optional(),
};

const decision = z.strictObject({
  ...common,
  type: z.literal('decision'),
  /**
   * role: the holders of one role decide; vote: the players of several roles vote, majority
   * carries; each: every player answers for themselves (no group outcome beyond the majority);
   * group: the group discusses and the chair (a role or the trainer) enters the decision.
   */
  mode: z.enum(['role', 'vote', 'each', 'group']),
  roles: z.array(id).min(1).optional(),
  chair: z.string().min(1).optional(),
  options: z.array(option).min(2),
});

const prediction = z.strictObject({
  ...common,
  type: z.literal('prediction'),
  /** The decision step whose outcome the players predict. */
  predicts: id,
  roles: z.array(id).min(1).optional(),
});

const ranking = z.strictObject({
  ...common,
  type: z.literal('ranking'),
  roles: z.array(id).min(1).optional(),
  items: z.array(z.strictObject({ id, label: text })).min(2),
});

const scale = z.strictObject({
  ...common,
  type: z.literal('scale'),
  roles: z.array(id).min(1).optional(),
  min: z.number().int(),
  max: z.number().int(),
  minLabel: text,
  maxLabel: text,
});

const discussion = z.strictObject({
  ...common,
  type: z.literal('discussion'),
});

const reflection = z.strictObject({
  ...common,
  type: z.literal('reflection'),
  roles: z.array(id).min(1).optional(),
  theme: z.enum(THEMES),
});

export const stepSchema = z.discriminatedUnion('type', [decision, prediction, ranking, scale, discussion, reflection]);

const scene = z.strictObject({
  id,
  title: text,
  narrative: text,
  /** Role id → what only that role learns in this scene. */
  private: z.record(z.string(), text).optional(),
  steps: z.array(stepSchema).min(1),
  next: next.optional(),
});

const role = z.strictObject({
  id,
  name: text,
  side: z.enum(ROLE_SIDES),
  description: text,
  briefing: text,
  seats: z.strictObject({ min: z.number().int().min(0), max: z.number().int().min(1) }).optional(),
  essential: z.boolean().optional(),
});

const indicator = z.strictObject({
  id,
  label: text,
  kind: z.enum(['counter', 'trust']).optional(),
  between: z.tuple([id, id]).optional(),
  start: z.number().int().optional(),
  min: z.number().int().optional(),
  max: z.number().int().optional(),
});

const ending = z.strictObject({ id, title: text, text });

const inject = z.strictObject({
  id,
  title: text,
  text,
  /** Roles that receive it privately; absent means everybody, projector included. */
  to: z.array(id).min(1).optional(),
  effects: effects.optional(),
});

const testPlan = z.strictObject({
  name: text,
  choices: z.record(z.string(), id),
  ending: id,
  indicators: z.record(z.string(), z.tuple([z.number().int(), z.number().int()])).optional(),
});

export const caseSchema = z.strictObject({
  id,
  version: z.number().int().min(1),
  language: z.enum(['nl', 'en']),
  title: text,
  summary: text,
  setting: z.enum(SETTINGS),
  /** Minutes of play, debrief included. */
  duration: z.number().int().min(10).max(600),
  groupSize: z.strictObject({ min: z.number().int().min(1), max: z.number().int().min(1) }),
  themes: z.array(z.enum(THEMES)).min(1),
  learningGoals: z
    .array(
      z.strictObject({
        text,
        governmentRoles: z.array(z.enum(GOVERNMENT_ROLES)).optional(),
        themes: z.array(z.enum(THEMES)).optional(),
        alliances: z.array(z.enum(ALLIANCES)).optional(),
      }),
    )
    .min(1),
  /** How to run it: preparation, timing for 60-90 minutes, what to watch for. Markdown. */
  teachingNote: text,
  variables: z
    .record(z.string(), z.strictObject({ label: text, default: z.union([z.string(), z.number()]), description: text.optional() }))
    .optional(),
  roles: z.array(role).min(2),
  indicators: z.array(indicator).optional(),
  start: id.optional(),
  scenes: z.array(scene).min(1),
  endings: z.array(ending).min(1),
  injects: z.array(inject).optional(),
  debrief: z.array(z.strictObject({ theme: z.enum(THEMES), question: text })).min(1),
  tests: z.array(testPlan).optional(),
  /** Endings that bot play may legitimately never reach, with the reason. */
  rareEndings: z.array(z.strictObject({ ending: id, why: text })).optional(),
});

export type CaseFile = z.infer<typeof caseSchema>;
export type Scene = CaseFile['scenes'][number];
export type Step = z.infer<typeof stepSchema>;
export type DecisionStep = Extract<Step, { type: 'decision' }>;
export type PredictionStep = Extract<Step, { type: 'prediction' }>;
export type Option = DecisionStep['options'][number];
export type Role = CaseFile['roles'][number];
export type Ending = CaseFile['endings'][number];
export type Inject = NonNullable<CaseFile['injects']>[number];
export type Effects = Record<string, number>;
export type Later = NonNullable<Option['later']>[number];
export type NextRule = Exclude<NonNullable<Scene['next']>, string>[number];
export type Condition = NonNullable<NextRule['if']>;
export type IndicatorDef = NonNullable<CaseFile['indicators']>[number];
