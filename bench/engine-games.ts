/**
 * Full bot games per second for a 12-player case, against a naive baseline measured in the
 * same run: the same games, but rebuilding the state from the whole log before every command
 * (an event-sourced server without a state cache).
 *
 *   npm run bench:engine [-- --seconds 5 --case cases/het-advies-dat-verdween.case.yaml --json]
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseCase, playGame, type CaseFile } from '@samenspel/engine';
import { parseOptions } from './lib/options.js';

const { values } = parseOptions({
  options: {
    seconds: { type: 'string', default: '5' },
    case: { type: 'string', default: 'cases/het-advies-dat-verdween.case.yaml' },
    players: { type: 'string', default: '12' },
    json: { type: 'boolean', default: false },
  },
});
const seconds = Number(values.seconds);
const players = Number(values.players);
const parsed = parseCase(readFileSync(values.case!, 'utf8'), values.case);
if (!parsed.case) throw new Error(`${values.case} does not validate`);
const c: CaseFile = parsed.case;

function measure(label: string, naive: boolean, budgetMs: number) {
  // Warm up the JIT on the same code path before timing.
  for (let i = 0; i < 20; i++) playGame(c, { players, seed: 10_000 + i, injects: true, rebuildEachCommand: naive });
  let games = 0;
  let commands = 0;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    const r = playGame(c, { players, seed: games, injects: true, rebuildEachCommand: naive });
    if (r.state.status !== 'ended') throw new Error('game did not end');
    games++;
    commands += r.commands;
  }
  const ms = performance.now() - start;
  return { label, games, commands, ms, gamesPerSecond: (games / ms) * 1000, commandsPerGame: commands / games };
}

const engine = measure('engine (cached state, incremental evolve)', false, seconds * 1000);
const baseline = measure('naive baseline (replay the log before each command)', true, seconds * 1000);
const result = {
  case: c.id,
  players,
  machine: `${cpus()[0]?.model ?? 'unknown cpu'} × ${cpus().length}, Node ${process.version}`,
  engine_games_per_s: Math.round(engine.gamesPerSecond),
  baseline_games_per_s: Math.round(baseline.gamesPerSecond),
  ratio: Math.round((engine.gamesPerSecond / baseline.gamesPerSecond) * 10) / 10,
  commands_per_game: Math.round(engine.commandsPerGame),
};
if (values.json) console.log(JSON.stringify(result));
else {
  console.log(`case ${result.case}, ${players} players, ${result.commands_per_game} commands per game; ${result.machine}`);
  console.log(`| ${engine.label} | ${result.engine_games_per_s} games/s |`);
  console.log(`| ${baseline.label} | ${result.baseline_games_per_s} games/s |`);
  console.log(`ratio engine / baseline: ${result.ratio}×`);
}
