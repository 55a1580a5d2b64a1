/**
 * The audit log: who created, exported, viewed a report of, erased or deleted what, and when.
 * It records ids, never names or content, so the log itself holds no personal data beyond the
 * acting user's id, and it outlives erasure of participants.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.js';

export const AUDIT_ACTIONS = ['session.create', 'session.export', 'session.report.view', 'participant.report.view', 'participant.export', 'participant.erase', 'session.retention', 'session.delete', 'user.login', 'oidc.configure',
  'organisation.settings', 'member.role', 'member.remove', 'invitation.create', 'invitation.revoke', 'invitation.accept', 'client.create', 'bureau.end', 'person.export', 'person.erase', 'research.export'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  organisationId: string;
  userId: string | null;
  action: AuditAction;
  subjectType: 'session' | 'participant' | 'user' | 'organisation' | 'invitation' | 'person';
  subjectId: string;
  at: number;
}

export async function audit(db: Kysely<Database>, e: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({ id: randomUUID(), organisation_id: e.organisationId, user_id: e.userId, action: e.action, subject_type: e.subjectType, subject_id: e.subjectId, at: e.at })
    .execute();
}

export async function auditTrail(db: Kysely<Database>, organisationId: string, limit = 200): Promise<AuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('organisation_id', '=', organisationId).orderBy('at', 'desc').limit(limit).execute();
  return rows.map((r) => ({ organisationId: r.organisation_id, userId: r.user_id, action: r.action as AuditAction, subjectType: r.subject_type as AuditEntry['subjectType'], subjectId: r.subject_id, at: Number(r.at) }));
}
