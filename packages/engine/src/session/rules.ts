/** Facts about a session that decide, evolve, view and scoring all need. */
import { effectiveStepRoles } from '../case/check.js';
import type { CaseFile, Condition, DecisionStep, Scene, Step } from '../case/schema.js';
import { ALLIANCES, BUILTIN_INDICATORS, HOME_ROLE_SIDE, SWITCHED_ROLE_SIDE, type RoleSide } from '../case/vocabulary.js';
import { hashString, keyedRandom, shuffle } from '../random.js';
import type { ParticipantId, SessionState, StepRun } from './types.js';

export function sceneById(c: CaseFile, id: string): Scene {
  const s = c.scenes.find((x) => x.id === id);
  if (!s) throw new Error(`unknown scene ${id}`);
  return s;
}

const stepIndexCache = new WeakMap<CaseFile, Map<string, Step>>();
export function stepById(c: CaseFile, id: string): Step {
  let m = stepIndexCache.get(c);
  if (!m) {
    m = new Map();
    for (const s of c.scenes) for (const st of s.steps) m.set(st.id, st);
    stepIndexCache.set(c, m);
  }
  const st = m.get(id);
  if (!st) throw new Error(`unknown step ${id}`);
  return st;
}

export function isEnding(c: CaseFile, id: string): boolean {
  return c.endings.some((e) => e.id === id);
}

export function initialIndicators(c: CaseFile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of BUILTIN_INDICATORS) out[id] = 0;
  for (const ind of c.indicators ?? []) out[ind.id] = ind.start ?? 0;
  return out;
}

export function clampIndicator(c: CaseFile, id: string, value: number): number {
  if ((ALLIANCES as readonly string[]).includes(id)) return Math.max(-10, Math.min(10, value));
  const ind = c.indicators?.find((i) => i.id === id);
  if (!ind) return value;
  return Math.max(ind.min ?? -Infinity, Math.min(ind.max ?? Infinity, value));
}

export function seatsOf(c: CaseFile, roleId: string): { min: number; max: number } {
  const r = c.roles.find((x) => x.id === roleId)!;
  const seats = r.seats ?? { min: r.essential ? 1 : 0, max: 1 };
  return { min: Math.max(seats.min, r.essential ? 1 : 0), max: seats.max };
}

export function totalSeats(c: CaseFile): number {
  return c.roles.reduce((n, r) => n + seatsOf(c, r.id).max, 0);
}

export function activeIds(s: SessionState): ParticipantId[] {
  return s.order.filter((id) => !s.participants[id]!.removed);
}

export function roleOf(s: SessionState, pid: ParticipantId, round = s.round): string | undefined {
  return s.rounds[round]?.[pid];
}

export function holdersOf(s: SessionState, roleId: string, round = s.round): ParticipantId[] {
  const a = s.rounds[round] ?? {};
  return activeIds(s).filter((id) => a[id] === roleId);
}

export function eligibleFor(s: SessionState, step: Step): ParticipantId[] {
  const roles = effectiveStepRoles(s.caseFile!, step);
  const a = s.rounds[s.round] ?? {};
  return activeIds(s).filter((id) => a[id] !== undefined && roles.includes(a[id]!));
}

export function currentRun(s: SessionState): StepRun | undefined {
  return s.current === null ? undefined : s.steps.find((r) => r.key === s.current);
}

export function matches(s: SessionState, cond: Condition): boolean {
  if ('indicator' in cond) {
    const v = s.indicators[cond.indicator] ?? 0;
    return (cond.min === undefined || v >= cond.min) && (cond.max === undefined || v <= cond.max);
  }
  return s.outcomes[cond.step] === cond.option;
}

/** Where a scene leads, given the outcomes so far: a deciding option's next wins over the scene's rules. */
export function nextTarget(s: SessionState, scene: Scene): string | null {
  for (let i = scene.steps.length - 1; i >= 0; i--) {
    const st = scene.steps[i]!;
    if (st.type !== 'decision' || st.mode === 'each') continue;
    const chosen = s.outcomes[st.id];
    const next = st.options.find((o) => o.id === chosen)?.next;
    if (next) return next;
  }
  if (typeof scene.next === 'string') return scene.next;
  if (scene.next) for (const rule of scene.next) if (!rule.if || matches(s, rule.if)) return rule.goto;
  return null;
}

/** Majority of the given option answers; ties broken by the session's seeded coin for this step. */
export function majority(step: DecisionStep, optionIds: string[], seed: number, key: string): { optionId: string; tally: Record<string, number>; by: 'majority' | 'chance' } {
  const tally: Record<string, number> = {};
  for (const o of step.options) tally[o.id] = 0;
  for (const id of optionIds) if (Object.hasOwn(tally, id)) tally[id]!++;
  const best = Math.max(...Object.values(tally));
  const random = keyedRandom(seed, `tie:${key}`);
  if (best === 0) return { optionId: step.options[Math.floor(random() * step.options.length)]!.id, tally, by: 'chance' };
  const top = step.options.filter((o) => tally[o.id] === best);
  return { optionId: top[Math.floor(random() * top.length)]!.id, tally, by: 'majority' };
}

/**
 * Balanced role assignment that respects each person's own side (or, after a perspective switch,
 * sends them to another side): first fill the seats a case needs, then spread the rest.
 */
export function autoAssign(s: SessionState, round: number, keep: Record<ParticipantId, string> = {}): Record<ParticipantId, string> {
  const c = s.caseFile!;
  const switched = round > 0;
  const previous = switched ? (s.rounds[round - 1] ?? {}) : {};
  const prefers = (pid: ParticipantId): RoleSide[] => {
    const home = HOME_ROLE_SIDE[s.participants[pid]!.side];
    return switched ? SWITCHED_ROLE_SIDE[home] : [home];
  };
  const out: Record<ParticipantId, string> = { ...keep };
  const counts = new Map<string, number>();
  for (const r of Object.values(out)) counts.set(r, (counts.get(r) ?? 0) + 1);
  const count = (roleId: string) => counts.get(roleId) ?? 0;
  const give = (pid: ParticipantId, roleId: string) => {
    out[pid] = roleId;
    counts.set(roleId, count(roleId) + 1);
  };
  const people = shuffle(activeIds(s).filter((id) => !(id in out)), keyedRandom(s.seed, `assign:${round}`));
  const side = (roleId: string) => c.roles.find((r) => r.id === roleId)!.side;
  const fits = (pid: ParticipantId, roleId: string) => prefers(pid).includes(side(roleId)) && previous[pid] !== roleId;

  // The seats a case needs, essential roles first, filled by a maximum matching on "fits", so a
  // greedy first pick can never leave somebody in their own role when a full rotation exists.
  const ordered = [...c.roles].sort((a, b) => Number(!!b.essential) - Number(!!a.essential));
  const slots: string[] = [];
  for (const role of ordered) for (let i = count(role.id); i < seatsOf(c, role.id).min; i++) slots.push(role.id);
  const holder = matchSlots(people, slots, fits);
  const unfilled: string[] = [];
  slots.forEach((roleId, i) => {
    const pid = holder[i];
    if (pid === undefined) unfilled.push(roleId);
    else {
      give(pid, roleId);
      people.splice(people.indexOf(pid), 1);
    }
  });
  for (const roleId of unfilled) {
    if (people.length === 0) break;
    const i = Math.max(0, people.findIndex((p) => previous[p] !== roleId));
    give(people.splice(i, 1)[0]!, roleId);
  }
  for (const pid of people) {
    const open = c.roles.filter((r) => count(r.id) < seatsOf(c, r.id).max);
    const preferred = open.filter((r) => fits(pid, r.id));
    const pool = preferred.length > 0 ? preferred : open.filter((r) => previous[pid] !== r.id).length > 0 ? open.filter((r) => previous[pid] !== r.id) : open;
    if (pool.length === 0) continue;
    // Fewest holders relative to capacity keeps the roles balanced.
    const best = pool.reduce((a, b) => (count(b.id) / seatsOf(c, b.id).max < count(a.id) / seatsOf(c, a.id).max ? b : a));
    give(pid, best.id);
  }
  return out;
}

export function missingEssentialRoles(s: SessionState, assignments: Record<ParticipantId, string>): string[] {
  const c = s.caseFile!;
  return c.roles
    .filter((r) => Object.entries(assignments).filter(([pid, role]) => role === r.id && !s.participants[pid]?.removed).length < seatsOf(c, r.id).min)
    .map((r) => r.id);
}

/** Kuhn's augmenting paths: slot index → person. Groups are small (≤ a few dozen), so this is instant. */
function matchSlots(people: ParticipantId[], slots: string[], fits: (pid: ParticipantId, roleId: string) => boolean): (ParticipantId | undefined)[] {
  const holder: (ParticipantId | undefined)[] = new Array(slots.length).fill(undefined);
  const tryPerson = (pid: ParticipantId, seen: Set<number>): boolean => {
    for (let i = 0; i < slots.length; i++) {
      if (seen.has(i) || !fits(pid, slots[i]!)) continue;
      seen.add(i);
      if (holder[i] === undefined || tryPerson(holder[i]!, seen)) {
        holder[i] = pid;
        return true;
      }
    }
    return false;
  };
  for (const pid of people) tryPerson(pid, new Set());
  return holder;
}

/** An opaque handle for one answer, so the trainer can moderate even an anonymous answer. */
export function answerRef(seed: number, stepKey: string, pid: ParticipantId): string {
  return hashString(`answer:${stepKey}:${pid}`, seed).toString(36);
}
