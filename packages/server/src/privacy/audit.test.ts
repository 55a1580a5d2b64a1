import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../storage/sqlite.js';
import { audit, auditTrail } from './audit.js';

const dir = mkdtempSync(join(tmpdir(), 'samenspel-audit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audit log', () => {
  it('keeps who did what to which subject, newest first, per organisation', async () => {
    const db = await openSqlite(dir);
    await audit(db, { organisationId: 'a', userId: 'u1', action: 'session.create', subjectType: 'session', subjectId: 's1', at: 1 });
    await audit(db, { organisationId: 'a', userId: 'u1', action: 'session.export', subjectType: 'session', subjectId: 's1', at: 2 });
    await audit(db, { organisationId: 'b', userId: 'u2', action: 'session.create', subjectType: 'session', subjectId: 's2', at: 3 });
    expect((await auditTrail(db, 'a')).map((e) => e.action)).toEqual(['session.export', 'session.create']);
    expect(await auditTrail(db, 'b')).toEqual([{ organisationId: 'b', userId: 'u2', action: 'session.create', subjectType: 'session', subjectId: 's2', at: 3 }]);
    await db.destroy();
  });
});
