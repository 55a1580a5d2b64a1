import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { caseJsonSchema } from './json-schema.js';

describe('docs/case.schema.json', () => {
  it('is the schema generated from the zod schema (run `npm run samenspel -- schema` after changing it)', () => {
    const file = fileURLToPath(new URL('../../../../docs/case.schema.json', import.meta.url));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(caseJsonSchema());
  });
});
