/** The built-in library as a whole: every case balanced, and together they cover the field. */
import { describe, expect, it } from 'vitest';
import { ALLIANCES, GOVERNMENT_ROLES, THEMES } from '../case/vocabulary.js';
import { builtInCases } from '../test-support/library.js';
import { simulate } from './simulate.js';
import { runTestPlans } from './test-plans.js';

const library = builtInCases();

describe('built-in case library', () => {
  it.each(library.map((l) => [l.file, l.case] as const))('%s reaches every ending it declares in 1000 seeded runs', (_file, c) => {
    const report = simulate(c, { players: Math.min(12, c.groupSize.max), runs: 1000, seed: 1 });
    expect(report.unreached).toEqual([]);
    expect(runTestPlans(c)).toEqual([]);
  });

  it('has the same simulation report for the same seed', () => {
    const c = library[0]!.case;
    expect(simulate(c, { players: 10, runs: 50, seed: 3 })).toEqual(simulate(c, { players: 10, runs: 50, seed: 3 }));
  });
});
