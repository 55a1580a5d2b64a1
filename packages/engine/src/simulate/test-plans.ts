/** Runs a case's scripted paths (`tests:`) and reports each failure against its place in the file. */
import type { CaseIssue } from '../case/check.js';
import type { CaseFile } from '../case/schema.js';
import { playGame } from './play.js';

export function runTestPlans(c: CaseFile): CaseIssue[] {
  const issues: CaseIssue[] = [];
  (c.tests ?? []).forEach((plan, ti) => {
    const players = Math.max(c.groupSize.min, Math.min(c.groupSize.max, 8));
    const { state } = playGame(c, { players, seed: 1, forced: plan.choices, switchAfterScenes: null });
    const visited = new Set(state.steps.map((r) => r.stepId));
    for (const stepId of Object.keys(plan.choices)) {
      if (!visited.has(stepId)) issues.push({ severity: 'error', code: 'test-not-on-path', params: { name: plan.name, step: stepId }, path: ['tests', ti, 'choices', stepId], atKey: true });
    }
    if (state.endingId !== plan.ending)
      issues.push({ severity: 'error', code: 'test-wrong-ending', params: { name: plan.name, expected: plan.ending, actual: state.endingId ?? '-' }, path: ['tests', ti, 'ending'] });
    for (const [id, [min, max]] of Object.entries(plan.indicators ?? {})) {
      const actual = state.indicators[id] ?? 0;
      if (actual < min || actual > max) issues.push({ severity: 'error', code: 'test-indicator-range', params: { name: plan.name, id, actual, min, max }, path: ['tests', ti, 'indicators', id] });
    }
  });
  return issues;
}
