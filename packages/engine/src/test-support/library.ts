/** The built-in case library, read from disk for tests (the engine itself does no I/O). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCase } from '../case/parse.js';
import type { CaseFile } from '../case/schema.js';

export const CASES_DIR = fileURLToPath(new URL('../../../../cases/', import.meta.url));

export function builtInCases(): { file: string; case: CaseFile }[] {
  return readdirSync(CASES_DIR)
    .filter((f) => f.endsWith('.case.yaml'))
    .sort()
    .map((file) => {
      const r = parseCase(readFileSync(join(CASES_DIR, file), 'utf8'), file);
      if (!r.case) throw new Error(`${file} does not parse: ${r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message.en}`).join('; ')}`);
      return { file, case: r.case };
    });
}
