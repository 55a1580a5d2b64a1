/**
 * The fixed vocabulary of the field (see docs/glossary.md). Cases refer to these ids;
 * labels for people live in the message catalogues, not here.
 */
export const GOVERNMENT_ROLES = ['rechtmatig', 'presterend', 'netwerkend', 'responsief'] as const;
export type GovernmentRole = (typeof GOVERNMENT_ROLES)[number];

/** The four alliances of the civil servant (Beroepseer): trust with each party. */
export const ALLIANCES = ['college', 'raad', 'inwoners', 'collegas'] as const;
export type Alliance = (typeof ALLIANCES)[number];

/** The six themes of the Samenspel publication (Tijdmalen). */
export const THEMES = [
  'drijvende-kracht',
  'wereld-van-de-bestuurder',
  'bestuur-en-organisatie',
  'persoonlijke-klik',
  'elkaars-grondgebied',
  'als-het-lastig-wordt',
] as const;
export type Theme = (typeof THEMES)[number];

export const SETTINGS = ['gemeente', 'provincie', 'waterschap', 'ministerie', 'anders'] as const;
export type Setting = (typeof SETTINGS)[number];

/** The side of a role in a case. */
export const ROLE_SIDES = ['bestuur', 'ambtelijk', 'raad', 'samenleving', 'pers'] as const;
export type RoleSide = (typeof ROLE_SIDES)[number];

/** The side a person says they are from when joining (their own practice). */
export const PERSON_SIDES = ['bestuurder', 'ambtenaar', 'raadslid', 'gast'] as const;
export type PersonSide = (typeof PERSON_SIDES)[number];

/** Which role side belongs to a person's own side; a perspective switch moves people off it. */
export const HOME_ROLE_SIDE: Record<PersonSide, RoleSide> = {
  bestuurder: 'bestuur',
  ambtenaar: 'ambtelijk',
  raadslid: 'raad',
  gast: 'samenleving',
};

/** Who a perspective switch sends each side to (bestuur and ambtelijk swap; raad goes to bestuur). */
export const SWITCHED_ROLE_SIDE: Record<RoleSide, RoleSide[]> = {
  bestuur: ['ambtelijk', 'raad'],
  ambtelijk: ['bestuur', 'raad'],
  raad: ['bestuur', 'ambtelijk'],
  samenleving: ['ambtelijk', 'bestuur'],
  pers: ['ambtelijk', 'bestuur'],
};

export const IDENTITY_LEVELS = ['anonymous', 'trainer', 'named'] as const;
export type IdentityLevel = (typeof IDENTITY_LEVELS)[number];

export const DROPOUT_POLICIES = ['wait', 'continue', 'bot', 'handover'] as const;
export type DropoutPolicy = (typeof DROPOUT_POLICIES)[number];

/** Indicator ids every case has without declaring them. */
export const BUILTIN_INDICATORS: readonly string[] = [...GOVERNMENT_ROLES, ...ALLIANCES];
