/**
 * What each role in an organisation may do. One place, so routes ask "may this member run
 * sessions?" instead of comparing role names, and the authorization matrix test has one table
 * to agree with.
 *
 * - beheerder: manages the organisation (members, invitations, client organisations, retention,
 *   audit log, requests of data subjects) and may also do everything a trainer does;
 * - trainer: runs sessions (create, play, links, exports, reports);
 * - programmabeheerder: plans and follows the roll-out (L&D): sees which sessions ran and their
 *   group reports, and takes the pseudonymised research export; no names, no live play.
 */
export const ORGANISATION_ROLES = ['beheerder', 'trainer', 'programmabeheerder'] as const;
export type OrganisationRole = (typeof ORGANISATION_ROLES)[number];

export type Permission =
  /** Create and run sessions, make links, export a session, read personal reports, erase in a session. */
  | 'sessions.run'
  /** List the organisation's sessions and read their group (session) report. */
  | 'sessions.follow'
  /** The case library. */
  | 'cases.read'
  /** Members, invitations, client organisations, settings, audit log, data-subject requests. */
  | 'organisation.manage'
  /** The pseudonymised research export of all ended sessions. */
  | 'research.export';

const GRANTS: Record<OrganisationRole, readonly Permission[]> = {
  beheerder: ['sessions.run', 'sessions.follow', 'cases.read', 'organisation.manage', 'research.export'],
  trainer: ['sessions.run', 'sessions.follow', 'cases.read'],
  programmabeheerder: ['sessions.follow', 'cases.read', 'research.export'],
};

export function isOrganisationRole(v: unknown): v is OrganisationRole {
  return typeof v === 'string' && (ORGANISATION_ROLES as readonly string[]).includes(v);
}

/** What the web app shows or hides follows from this list, so the table above stays the only one. */
export function permissionsOf(role: string): Permission[] {
  return isOrganisationRole(role) ? [...GRANTS[role]] : [];
}

export function can(role: string, permission: Permission): boolean {
  return isOrganisationRole(role) && GRANTS[role].includes(permission);
}
