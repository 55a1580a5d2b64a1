/** Many seeded bot games of one case: which endings, how often, and the range of every indicator. */
import type { CaseFile } from '../case/schema.js';
import { playGame } from './play.js';

export interface SimulationReport {
  caseId: string;
  players: number;
  runs: number;
  seed: number;
  endings: { id: string; title: string; count: number; share: number; rare?: string }[];
  unreached: string[];
  indicators: { id: string; min: number; max: number; mean: number }[];
  averageCommands: number;
}

export function simulate(c: CaseFile, opts: { players: number; runs: number; seed: number }): SimulationReport {
  const counts: Record<string, number> = Object.fromEntries(c.endings.map((e) => [e.id, 0]));
  const ranges: Record<string, { min: number; max: number; sum: number }> = {};
  let commands = 0;
  for (let i = 0; i < opts.runs; i++) {
    const { state, commands: n } = playGame(c, { players: opts.players, seed: opts.seed * 100_003 + i, injects: true });
    commands += n;
    if (state.endingId) counts[state.endingId] = (counts[state.endingId] ?? 0) + 1;
    for (const [k, v] of Object.entries(state.indicators)) {
      const r = (ranges[k] ??= { min: v, max: v, sum: 0 });
      r.min = Math.min(r.min, v);
      r.max = Math.max(r.max, v);
      r.sum += v;
    }
  }
  const rare = new Map((c.rareEndings ?? []).map((r) => [r.ending, r.why]));
  return {
    caseId: c.id,
    players: opts.players,
    runs: opts.runs,
    seed: opts.seed,
    endings: c.endings.map((e) => ({ id: e.id, title: e.title, count: counts[e.id] ?? 0, share: opts.runs ? (counts[e.id] ?? 0) / opts.runs : 0, ...(rare.has(e.id) ? { rare: rare.get(e.id)! } : {}) })),
    unreached: c.endings.filter((e) => !counts[e.id] && !rare.has(e.id)).map((e) => e.id),
    indicators: Object.entries(ranges).map(([id, r]) => ({ id, min: r.min, max: r.max, mean: Math.round((r.sum / opts.runs) * 100) / 100 })),
    averageCommands: opts.runs ? Math.round(commands / opts.runs) : 0,
  };
}
