#!/usr/bin/env node
/**
 * samenspel <command>: validate and simulate cases, serve the platform.
 * Output language: --lang nl (default) or en.
 */
import { parseArgs } from 'node:util';
import { validateCommand } from './validate.js';
import { simulateCommand } from './simulate.js';
import { textsCommand } from './texts.js';

const USAGE = `Gebruik / usage:
  samenspel validate <bestand of map>                      controleert casusbestanden (exit 1 bij fouten)
  samenspel simulate <casus> [--players 12] [--runs 200] [--seed 1] [--json]
  samenspel texts <casus> [--check vertaling.json]        tekst-ids met hash; --check meldt ontbrekende en verouderde vertalingen
  samenspel schema [docs/case.schema.json]                 schrijft het JSON Schema van het casusformaat
  samenspel serve [--port 3000] [--data ./data]            start het platform
  samenspel migrate [--data ./data]                        database bijwerken (DATABASE_URL: PostgreSQL)
  samenspel backup <bestand.jsonl> [--data ./data]         backup (SQLite of PostgreSQL, zelfde formaat)
  samenspel restore <bestand.jsonl> [--data ./data]        herstel in een lege database
Opties: --lang nl|en`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      lang: { type: 'string', default: 'nl' },
      players: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
      port: { type: 'string' },
      data: { type: 'string' },
      check: { type: 'string' },
      issuer: { type: 'string' },
      'client-id': { type: 'string' },
    },
    strict: true,
  });
  const lang = values.lang === 'en' ? 'en' : 'nl';
  switch (command) {
    case 'validate':
      return validateCommand(positionals, lang);
    case 'simulate':
      return simulateCommand(positionals, values, lang);
    case 'texts':
      return textsCommand(positionals, lang, values.check);
    case 'schema': {
      const { writeFileSync } = await import('node:fs');
      const { caseJsonSchema } = await import('@samenspel/engine');
      const target = positionals[0] ?? 'docs/case.schema.json';
      writeFileSync(target, `${JSON.stringify(caseJsonSchema(), null, 2)}\n`);
      console.log(target);
      return 0;
    }
    case 'migrate':
      return (await import('./database.js')).migrateCommand(values);
    case 'backup':
      return (await import('./database.js')).backupCommand(positionals[0], values);
    case 'restore':
      return (await import('./database.js')).restoreCommand(positionals[0], values);
    case 'oidc':
      return (await import('./oidc.js')).oidcCommand(positionals[0], values);
    case 'serve': {
      const { serveCommand } = await import('./serve.js');
      return serveCommand(values);
    }
    default:
      console.error(USAGE);
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

// `samenspel simulate … | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== -1) process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  },
);
