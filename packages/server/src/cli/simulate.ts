import { formatDiagnostic, simulate, type Lang } from '@samenspel/engine';
import { loadCaseFile } from '../cases/files.js';

function intOption(value: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name}: ${min}..${max}`);
  return n;
}

export function simulateCommand(paths: string[], values: { players?: string; runs?: string; seed?: string; json?: boolean }, lang: Lang): number {
  const file = paths[0];
  if (!file) {
    console.error(lang === 'nl' ? 'Geef een casus: samenspel simulate cases/x.case.yaml' : 'Name a case: samenspel simulate cases/x.case.yaml');
    return 2;
  }
  const loaded = loadCaseFile(file);
  if (!loaded.case) {
    for (const d of loaded.diagnostics) console.error(formatDiagnostic(d, lang));
    return 1;
  }
  const c = loaded.case;
  const players = intOption(values.players, Math.min(12, c.groupSize.max), 'players', 1, 200);
  const report = simulate(c, { players, runs: intOption(values.runs, 200, 'runs', 1, 1_000_000), seed: intOption(values.seed, 1, 'seed', 0, 2 ** 31) });
  if (values.json) {
    console.log(JSON.stringify(report, null, 2));
    return 0;
  }
  const nl = lang === 'nl';
  console.log(`${c.title} — ${report.runs} ${nl ? 'potjes' : 'games'}, ${players} ${nl ? 'spelers' : 'players'}, seed ${report.seed}`);
  console.log(nl ? '\nEinden:' : '\nEndings:');
  for (const e of report.endings) console.log(`  ${e.id.padEnd(32)} ${String(e.count).padStart(6)}  ${(e.share * 100).toFixed(1).padStart(5)}%${e.rare ? `  (${nl ? 'zeldzaam' : 'rare'}: ${e.rare})` : ''}`);
  console.log(nl ? '\nIndicatoren (min / gemiddeld / max):' : '\nIndicators (min / mean / max):');
  for (const i of report.indicators) console.log(`  ${i.id.padEnd(32)} ${String(i.min).padStart(5)} ${String(i.mean).padStart(7)} ${String(i.max).padStart(5)}`);
  if (report.unreached.length) console.log(`\n${nl ? 'Niet bereikt' : 'Not reached'}: ${report.unreached.join(', ')}`);
  return 0;
}
