/**
 * Checks that need the whole case: ids, references, reachability, and design warnings.
 * Works on the parsed object and reports paths; `parse.ts` turns paths into line:column.
 */
import type { CaseFile, Condition, DecisionStep, Scene, Step } from './schema.js';
import { ALLIANCES, BUILTIN_INDICATORS } from './vocabulary.js';

export type Path = (string | number)[];
export interface CaseIssue {
  severity: 'error' | 'warning';
  code: string;
  params: Record<string, string | number>;
  path: Path;
  /** Point at the key of the last path element rather than its value. */
  atKey?: boolean;
}

const VARIABLE = /\{\{\s*([^}\s]+)\s*\}\}/g;

export function effectiveStepRoles(c: CaseFile, step: Step): string[] {
  const all = c.roles.map((r) => r.id);
  if (step.type === 'discussion') return [];
  if (step.type === 'decision') {
    if (step.mode === 'group') return step.chair && step.chair !== 'trainer' ? [step.chair] : [];
    return step.roles ?? all;
  }
  if (step.type === 'prediction') {
    if (step.roles) return step.roles;
    const target = findStep(c, step.predicts);
    const deciders = target && target.type === 'decision' ? effectiveStepRoles(c, target) : [];
    const rest = all.filter((r) => !deciders.includes(r));
    return rest.length > 0 ? rest : all;
  }
  return step.roles ?? all;
}

export function findStep(c: CaseFile, id: string): Step | undefined {
  for (const s of c.scenes) for (const st of s.steps) if (st.id === id) return st;
  return undefined;
}

/** Targets a scene can go to, per outcome: scene next rules and deciding options' next. */
export function sceneTargets(scene: Scene): string[] {
  const out = new Set<string>();
  if (typeof scene.next === 'string') out.add(scene.next);
  else if (scene.next) for (const r of scene.next) out.add(r.goto);
  for (const st of scene.steps) if (st.type === 'decision' && st.mode !== 'each') for (const o of st.options) if (o.next) out.add(o.next);
  return [...out];
}

export function checkCase(c: CaseFile): CaseIssue[] {
  const issues: CaseIssue[] = [];
  const err = (code: string, path: Path, params: CaseIssue['params'] = {}, atKey = false) =>
    issues.push({ severity: 'error', code, params, path, atKey });
  const warn = (code: string, path: Path, params: CaseIssue['params'] = {}, atKey = false) =>
    issues.push({ severity: 'warning', code, params, path, atKey });

  // ---- ids
  const roleIds = new Set<string>();
  c.roles.forEach((r, i) => {
    if (roleIds.has(r.id)) err('duplicate-id', ['roles', i, 'id'], { id: r.id, where: 'roles' });
    roleIds.add(r.id);
  });
  const sceneIds = new Set<string>();
  const endingIds = new Set<string>();
  c.scenes.forEach((s, i) => {
    if (sceneIds.has(s.id)) err('duplicate-id', ['scenes', i, 'id'], { id: s.id, where: 'scenes' });
    sceneIds.add(s.id);
  });
  c.endings.forEach((e, i) => {
    if (endingIds.has(e.id) || sceneIds.has(e.id)) err('duplicate-id', ['endings', i, 'id'], { id: e.id, where: 'scenes/endings' });
    endingIds.add(e.id);
  });
  const indicatorIds = new Set<string>(BUILTIN_INDICATORS);
  (c.indicators ?? []).forEach((ind, i) => {
    if (BUILTIN_INDICATORS.includes(ind.id)) err('builtin-indicator', ['indicators', i, 'id'], { id: ind.id });
    else if (indicatorIds.has(ind.id)) err('duplicate-id', ['indicators', i, 'id'], { id: ind.id, where: 'indicators' });
    indicatorIds.add(ind.id);
    const min = ind.min ?? Number.NEGATIVE_INFINITY;
    const max = ind.max ?? Number.POSITIVE_INFINITY;
    if (min > max) err('min-above-max', ['indicators', i], { field: ind.id, min, max });
    const start = ind.start ?? 0;
    if (start < min || start > max) err('start-out-of-range', ['indicators', i, ind.start === undefined ? 'id' : 'start'], { start, min: String(min), max: String(max) });
    ind.between?.forEach((r, j) => {
      if (!roleIds.has(r)) err('unknown-role', ['indicators', i, 'between', j], { id: r, known: [...roleIds].join(', ') });
    });
  });
  const injectIds = new Set<string>();
  (c.injects ?? []).forEach((inj, i) => {
    if (injectIds.has(inj.id)) err('duplicate-id', ['injects', i, 'id'], { id: inj.id, where: 'injects' });
    injectIds.add(inj.id);
  });

  const steps = new Map<string, { step: Step; scene: number; index: number }>();
  c.scenes.forEach((s, si) =>
    s.steps.forEach((st, ti) => {
      if (steps.has(st.id)) err('duplicate-id', ['scenes', si, 'steps', ti, 'id'], { id: st.id, where: 'steps' });
      else steps.set(st.id, { step: st, scene: si, index: ti });
    }),
  );
  const decisionIds = [...steps.values()].filter((s) => s.step.type === 'decision').map((s) => s.step.id);

  const knownRoles = [...roleIds].join(', ');
  const knownTargets = [...sceneIds, ...endingIds].join(', ');
  const knownIndicators = [...indicatorIds].join(', ');
  const checkRole = (id: string, path: Path) => {
    if (!roleIds.has(id)) err('unknown-role', path, { id, known: knownRoles });
  };
  const checkTarget = (id: string, path: Path) => {
    if (!sceneIds.has(id) && !endingIds.has(id)) err('unknown-target', path, { id, known: knownTargets });
  };
  const moved = new Set<string>();
  const checkEffects = (effects: Record<string, number> | undefined, path: Path) => {
    for (const k of Object.keys(effects ?? {})) {
      moved.add(k);
      if (!indicatorIds.has(k)) err('unknown-indicator', [...path, k], { id: k, known: knownIndicators }, true);
    }
  };
  const checkCondition = (cond: Condition, path: Path) => {
    if ('indicator' in cond) {
      if (!indicatorIds.has(cond.indicator)) err('unknown-indicator', [...path, 'indicator'], { id: cond.indicator, known: knownIndicators });
      if (cond.min === undefined && cond.max === undefined) err('condition-bounds', path);
    } else {
      const target = steps.get(cond.step);
      if (!target || target.step.type !== 'decision') err('unknown-step', [...path, 'step'], { id: cond.step, known: decisionIds.join(', ') });
      else if (!target.step.options.some((o) => o.id === cond.option))
        err('unknown-option', [...path, 'option'], { id: cond.option, step: cond.step, known: target.step.options.map((o) => o.id).join(', ') });
    }
  };

  // ---- group and seats
  if (c.groupSize.min > c.groupSize.max) err('min-above-max', ['groupSize'], { field: 'groupSize', min: c.groupSize.min, max: c.groupSize.max });
  let seatMax = 0;
  let seatMin = 0;
  c.roles.forEach((r, i) => {
    const seats = r.seats ?? { min: r.essential ? 1 : 0, max: 1 };
    if (seats.min > seats.max) err('min-above-max', ['roles', i, 'seats'], { field: `${r.id}.seats`, min: seats.min, max: seats.max });
    seatMax += seats.max;
    seatMin += Math.max(seats.min, r.essential ? 1 : 0);
  });
  if (seatMax < c.groupSize.max) err('seats-too-few', ['groupSize', 'max'], { seats: seatMax, max: c.groupSize.max });
  if (seatMin > c.groupSize.min) err('seats-too-many-required', ['groupSize', 'min'], { seats: seatMin, min: c.groupSize.min });

  if (c.start && !sceneIds.has(c.start)) err('unknown-scene', ['start'], { id: c.start, known: [...sceneIds].join(', ') });

  // ---- scenes and steps
  const active = new Set<string>();
  c.scenes.forEach((scene, si) => {
    const sp: Path = ['scenes', si];
    for (const k of Object.keys(scene.private ?? {})) checkRole(k, [...sp, 'private', k]);
    scene.steps.forEach((st, ti) => {
      const p: Path = [...sp, 'steps', ti];
      if ('roles' in st && st.roles) st.roles.forEach((r, ri) => checkRole(r, [...p, 'roles', ri]));
      if (st.type === 'decision') checkDecision(st, p);
      if (st.type === 'prediction') {
        const target = steps.get(st.predicts);
        if (!target) err('unknown-step', [...p, 'predicts'], { id: st.predicts, known: decisionIds.join(', ') });
        else if (target.step.type !== 'decision') err('predicts-not-decision', [...p, 'predicts'], { id: st.predicts });
        else if (target.scene === si ? target.index < ti : !reaches(c, scene.id, c.scenes[target.scene]!.id))
          err('predicts-after', [...p, 'predicts'], { id: st.predicts });
      }
      if (st.type === 'scale' && st.min >= st.max) err('min-above-max', [...p, 'min'], { field: st.id, min: st.min, max: st.max });
      if (st.type === 'ranking') {
        const seen = new Set<string>();
        st.items.forEach((it, ii) => {
          if (seen.has(it.id)) err('duplicate-id', [...p, 'items', ii, 'id'], { id: it.id, where: `${st.id}.items` });
          seen.add(it.id);
        });
      }
      if (st.type !== 'discussion') for (const r of effectiveStepRoles(c, st)) active.add(r);
    });
    if (Array.isArray(scene.next)) {
      scene.next.forEach((rule, ri) => {
        checkTarget(rule.goto, [...sp, 'next', ri, 'goto']);
        if (rule.if) checkCondition(rule.if, [...sp, 'next', ri, 'if']);
      });
      if (scene.next[scene.next.length - 1]!.if) err('last-rule-conditional', [...sp, 'next', scene.next.length - 1]);
    } else if (scene.next) checkTarget(scene.next, [...sp, 'next']);
    else if (!everyOutcomeHasNext(scene)) err('dead-end-scene', [...sp, 'id'], { id: scene.id });
  });

  function checkDecision(st: DecisionStep, p: Path) {
    if (st.mode === 'role' && (st.roles?.length ?? 0) !== 1) err('role-mode-one-role', [...p, st.roles ? 'roles' : 'mode']);
    if (st.mode === 'vote' && !st.roles) err('vote-needs-roles', [...p, 'mode']);
    if (st.mode === 'group' && !st.chair) err('group-needs-chair', [...p, 'mode']);
    if (st.mode !== 'group' && st.chair) err('chair-only-group', [...p, 'chair'], {}, true);
    if (st.chair && st.chair !== 'trainer') {
      checkRole(st.chair, [...p, 'chair']);
      const chairRole = c.roles.find((r) => r.id === st.chair);
      if (chairRole && !chairRole.essential && (chairRole.seats?.min ?? 0) < 1) warn('chair-may-be-empty', [...p, 'chair'], { id: st.chair });
    }
    const optionIds = new Set<string>();
    st.options.forEach((o, oi) => {
      const op: Path = [...p, 'options', oi];
      if (optionIds.has(o.id)) err('duplicate-id', [...op, 'id'], { id: o.id, where: `${st.id}.options` });
      optionIds.add(o.id);
      checkEffects(o.effects, [...op, 'effects']);
      o.later?.forEach((l, li) => checkEffects(l.effects, [...op, 'later', li, 'effects']));
      if (o.next) {
        checkTarget(o.next, [...op, 'next']);
        if (st.mode === 'each') err('each-no-next', [...op, 'next'], {}, true);
      }
      const hasEffect = Object.keys(o.effects ?? {}).length > 0 || (o.later?.length ?? 0) > 0 || !!o.next;
      if (!hasEffect) err('no-consequence', [...op, 'id'], { id: o.id });
    });
  }

  (c.injects ?? []).forEach((inj, i) => {
    inj.to?.forEach((r, ri) => checkRole(r, ['injects', i, 'to', ri]));
    checkEffects(inj.effects, ['injects', i, 'effects']);
  });

  // ---- reachability
  const startId = c.start ?? c.scenes[0]!.id;
  const reached = new Set<string>([startId]);
  const queue = [startId];
  const byId = new Map(c.scenes.map((s) => [s.id, s]));
  while (queue.length) {
    const s = byId.get(queue.shift()!);
    if (!s) continue;
    for (const t of sceneTargets(s)) if (!reached.has(t)) (reached.add(t), queue.push(t));
  }
  c.scenes.forEach((s, i) => {
    if (!reached.has(s.id)) err('unreachable-scene', ['scenes', i, 'id'], { id: s.id });
  });
  c.endings.forEach((e, i) => {
    if (!reached.has(e.id)) err('unreachable-ending', ['endings', i, 'id'], { id: e.id });
  });
  // Scenes from which no ending can be reached (cycles without exit).
  const canEnd = new Set<string>(endingIds);
  let changed = true;
  while (changed) {
    changed = false;
    for (const s of c.scenes)
      if (!canEnd.has(s.id) && sceneTargets(s).some((t) => canEnd.has(t))) (canEnd.add(s.id), (changed = true));
  }
  c.scenes.forEach((s, i) => {
    if (reached.has(s.id) && !canEnd.has(s.id) && sceneTargets(s).length > 0) err('no-ending', ['scenes', i, 'id'], { id: s.id });
  });

  // ---- variables
  const declared = new Set(Object.keys(c.variables ?? {}));
  walkStrings(c, [], (value, path) => {
    for (const m of value.matchAll(VARIABLE)) {
      if (!declared.has(m[1]!)) err('unknown-variable', path, { name: m[1]!, known: [...declared].join(', ') });
    }
  });

  // ---- tests and rare endings refer to real things
  (c.tests ?? []).forEach((t, ti) => {
    for (const [stepId, optionId] of Object.entries(t.choices)) {
      const target = steps.get(stepId);
      if (!target || target.step.type !== 'decision') err('unknown-step', ['tests', ti, 'choices', stepId], { id: stepId, known: decisionIds.join(', ') }, true);
      else if (!target.step.options.some((o) => o.id === optionId))
        err('unknown-option', ['tests', ti, 'choices', stepId], { id: optionId, step: stepId, known: target.step.options.map((o) => o.id).join(', ') });
    }
    if (!endingIds.has(t.ending)) err('unknown-ending', ['tests', ti, 'ending'], { id: t.ending, known: [...endingIds].join(', ') });
    for (const [k, [min, max]] of Object.entries(t.indicators ?? {})) {
      if (!indicatorIds.has(k)) err('unknown-indicator', ['tests', ti, 'indicators', k], { id: k, known: knownIndicators }, true);
      if (min > max) err('min-above-max', ['tests', ti, 'indicators', k], { field: k, min, max });
    }
  });
  (c.rareEndings ?? []).forEach((r, i) => {
    if (!endingIds.has(r.ending)) err('unknown-ending', ['rareEndings', i, 'ending'], { id: r.ending, known: [...endingIds].join(', ') });
  });

  // ---- design warnings
  c.roles.forEach((r, i) => {
    if (!active.has(r.id)) warn('role-idle', ['roles', i, 'id'], { id: r.id });
    const twin = c.roles.findIndex((o) => o.briefing.trim() === r.briefing.trim());
    if (twin < i) warn('briefing-copy', ['roles', i, 'briefing'], { id: r.id, other: c.roles[twin]!.id });
  });
  for (const a of ALLIANCES) if (!moved.has(a)) warn('indicator-unmoved', ['scenes'], { id: a }, true);
  (c.indicators ?? []).forEach((ind, i) => {
    if (!moved.has(ind.id)) warn('indicator-unmoved', ['indicators', i, 'id'], { id: ind.id });
  });
  return issues;
}

function everyOutcomeHasNext(scene: Scene): boolean {
  return scene.steps.some((st) => st.type === 'decision' && st.mode !== 'each' && st.options.every((o) => !!o.next));
}

function reaches(c: CaseFile, from: string, to: string): boolean {
  const byId = new Map(c.scenes.map((s) => [s.id, s]));
  const seen = new Set<string>([from]);
  const queue = [from];
  while (queue.length) {
    const s = byId.get(queue.shift()!);
    if (!s) continue;
    for (const t of sceneTargets(s)) {
      if (t === to) return true;
      if (!seen.has(t)) (seen.add(t), queue.push(t));
    }
  }
  return false;
}

/** Every user-facing string in the case, with its path. */
export function walkStrings(value: unknown, path: Path, visit: (s: string, path: Path) => void): void {
  if (typeof value === 'string') visit(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => walkStrings(v, [...path, i], visit));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkStrings(v, [...path, k], visit);
}
