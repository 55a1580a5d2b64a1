/** samenspel migrate | backup <file> | restore <file>, on DATABASE_URL (PostgreSQL) or SQLite in --data / DATA_DIR. */
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BackupError, backupTo, restoreFrom } from '../storage/backup.js';
import { openDatabase } from '../storage/open.js';

function target(values: { data?: string }) {
  return { dataDir: resolve(values.data ?? process.env.DATA_DIR ?? './data'), databaseUrl: process.env.DATABASE_URL || null };
}

export async function migrateCommand(values: { data?: string }): Promise<number> {
  const t = target(values);
  const { db, kind } = await openDatabase(t);
  await db.destroy();
  console.log(`Database bijgewerkt / migrated (${kind}${kind === 'sqlite' ? `, ${t.dataDir}` : ''}).`);
  return 0;
}

export async function backupCommand(file: string | undefined, values: { data?: string }): Promise<number> {
  if (!file) {
    console.error('Gebruik / usage: samenspel backup <bestand.jsonl>');
    return 2;
  }
  if (existsSync(file)) {
    console.error(`${file} bestaat al; kies een nieuwe naam. / ${file} exists; choose a new name.`);
    return 1;
  }
  try {
    accessSync(dirname(resolve(file)), constants.W_OK);
  } catch {
    console.error(`De map ${dirname(resolve(file))} bestaat niet of is niet beschrijfbaar. / The folder ${dirname(resolve(file))} does not exist or cannot be written to.`);
    return 1;
  }
  const { db } = await openDatabase(target(values));
  try {
    const counts = await backupTo(db, file);
    console.log(`${file}: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
    return 0;
  } finally {
    await db.destroy();
  }
}

export async function restoreCommand(file: string | undefined, values: { data?: string }): Promise<number> {
  if (!file || !existsSync(file)) {
    console.error(file ? `${file} bestaat niet / does not exist` : 'Gebruik / usage: samenspel restore <bestand.jsonl>');
    return file ? 1 : 2;
  }
  const { db } = await openDatabase(target(values));
  try {
    const counts = await restoreFrom(db, file);
    console.log(`Hersteld / restored: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
    return 0;
  } catch (e) {
    if (e instanceof BackupError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  } finally {
    await db.destroy();
  }
}
