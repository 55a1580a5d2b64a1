/** The backup command names what is wrong with the file it was given, in Dutch and English, and touches no database then. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { backupCommand } from './database.js';

const dir = mkdtempSync(join(tmpdir(), 'samenspel-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it.each([
  ['a folder that does not exist', () => join(dir, 'missing', 'backup.jsonl'), /De map .*missing bestaat niet.*The folder .*missing does not exist/s],
  ['a file that exists', () => (writeFileSync(join(dir, 'there.jsonl'), ''), join(dir, 'there.jsonl')), /there\.jsonl bestaat al.*exists/s],
])('refuses %s with a message naming it', async (_what, file, message) => {
  const errors: string[] = [];
  const spy = vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
  try {
    expect(await backupCommand(file(), { data: join(dir, 'data') })).toBe(1);
  } finally {
    spy.mockRestore();
  }
  expect(errors.join('\n')).toMatch(message);
});
