/**
 * Dutch and English texts for every validation problem. A diagnostic carries a code and
 * params; the text is made here so that the CLI, the server and the case studio say the same.
 */
export type Lang = 'nl' | 'en';
type Params = Record<string, string | number>;
type Render = (p: Params) => string;

const list = (v: string | number | undefined) => String(v ?? '');

export const CASE_MESSAGES: Record<string, { nl: Render; en: Render }> = {
  'yaml-syntax': {
    nl: (p) => `YAML-fout: ${list(p.detail)}. Controleer inspringing, dubbele punten en aanhalingstekens.`,
    en: (p) => `YAML syntax error: ${list(p.detail)}. Check indentation, colons and quotes.`,
  },
  'duplicate-key': {
    nl: (p) => `Het veld "${list(p.key)}" staat hier twee keer. Verwijder een van beide.`,
    en: (p) => `The field "${list(p.key)}" appears twice here. Remove one of them.`,
  },
  'not-a-mapping': {
    nl: () => 'Een casusbestand moet beginnen met velden zoals "id:", "title:" en "roles:".',
    en: () => 'A case file must consist of fields such as "id:", "title:" and "roles:".',
  },
  'missing-field': {
    nl: (p) => `Het verplichte veld "${list(p.field)}" ontbreekt.`,
    en: (p) => `The required field "${list(p.field)}" is missing.`,
  },
  'unknown-field': {
    nl: (p) => `Onbekend veld "${list(p.field)}". Toegestaan hier: ${list(p.allowed)}.`,
    en: (p) => `Unknown field "${list(p.field)}". Allowed here: ${list(p.allowed)}.`,
  },
  'wrong-type': {
    nl: (p) => `"${list(p.field)}" moet ${typeNl(list(p.expected))} zijn.`,
    en: (p) => `"${list(p.field)}" must be ${typeEn(list(p.expected))}.`,
  },
  'bad-value': {
    nl: (p) => `"${list(p.value)}" is geen geldige waarde voor "${list(p.field)}". Kies uit: ${list(p.allowed)}.`,
    en: (p) => `"${list(p.value)}" is not a valid value for "${list(p.field)}". Choose from: ${list(p.allowed)}.`,
  },
  'bad-id': {
    nl: (p) => `"${list(p.value)}" is geen geldige id: gebruik kleine letters, cijfers en "-" (bijvoorbeeld "de-vraag").`,
    en: (p) => `"${list(p.value)}" is not a valid id: use lowercase letters, digits and "-" (for example "de-vraag").`,
  },
  'too-small': {
    nl: (p) => `"${list(p.field)}" moet minstens ${list(p.minimum)} ${p.unit === 'items' ? 'elementen bevatten' : p.unit === 'chars' ? 'tekens lang zijn' : 'zijn'}.`,
    en: (p) => `"${list(p.field)}" must ${p.unit === 'items' ? `have at least ${list(p.minimum)} items` : p.unit === 'chars' ? `be at least ${list(p.minimum)} characters long` : `be at least ${list(p.minimum)}`}.`,
  },
  'too-big': {
    nl: (p) => `"${list(p.field)}" mag hoogstens ${list(p.maximum)} ${p.unit === 'items' ? 'elementen bevatten' : 'zijn'}.`,
    en: (p) => `"${list(p.field)}" must ${p.unit === 'items' ? `have at most ${list(p.maximum)} items` : `be at most ${list(p.maximum)}`}.`,
  },
  'bad-step-type': {
    nl: (p) => `Onbekend staptype "${list(p.value)}". Kies uit: decision, prediction, ranking, scale, discussion, reflection.`,
    en: (p) => `Unknown step type "${list(p.value)}". Choose from: decision, prediction, ranking, scale, discussion, reflection.`,
  },
  'bad-shape': {
    nl: (p) => `"${list(p.field)}" heeft niet de juiste vorm. ${list(p.hint)}`,
    en: (p) => `"${list(p.field)}" does not have the right shape. ${list(p.hintEn)}`,
  },
  'duplicate-id': {
    nl: (p) => `De id "${list(p.id)}" is al gebruikt (${list(p.where)}). Ids moeten uniek zijn.`,
    en: (p) => `The id "${list(p.id)}" is already used (${list(p.where)}). Ids must be unique.`,
  },
  'unknown-role': {
    nl: (p) => `Onbekende rol "${list(p.id)}". Bekende rollen: ${list(p.known)}.`,
    en: (p) => `Unknown role "${list(p.id)}". Known roles: ${list(p.known)}.`,
  },
  'unknown-target': {
    nl: (p) => `"${list(p.id)}" is geen scène of einde. Bekend: ${list(p.known)}.`,
    en: (p) => `"${list(p.id)}" is not a scene or ending. Known: ${list(p.known)}.`,
  },
  'unknown-scene': {
    nl: (p) => `Onbekende scène "${list(p.id)}". Bekende scènes: ${list(p.known)}.`,
    en: (p) => `Unknown scene "${list(p.id)}". Known scenes: ${list(p.known)}.`,
  },
  'unknown-ending': {
    nl: (p) => `Onbekend einde "${list(p.id)}". Bekende einden: ${list(p.known)}.`,
    en: (p) => `Unknown ending "${list(p.id)}". Known endings: ${list(p.known)}.`,
  },
  'unknown-indicator': {
    nl: (p) => `Onbekende indicator "${list(p.id)}". Declareer hem onder "indicators" of kies uit: ${list(p.known)}.`,
    en: (p) => `Unknown indicator "${list(p.id)}". Declare it under "indicators" or choose from: ${list(p.known)}.`,
  },
  'unknown-step': {
    nl: (p) => `Onbekende beslisstap "${list(p.id)}". Beslisstappen: ${list(p.known)}.`,
    en: (p) => `Unknown decision step "${list(p.id)}". Decision steps: ${list(p.known)}.`,
  },
  'unknown-option': {
    nl: (p) => `Stap "${list(p.step)}" heeft geen optie "${list(p.id)}". Opties: ${list(p.known)}.`,
    en: (p) => `Step "${list(p.step)}" has no option "${list(p.id)}". Options: ${list(p.known)}.`,
  },
  'unknown-variable': {
    nl: (p) => `De variabele {{${list(p.name)}}} is niet gedeclareerd. Voeg hem toe onder "variables" of corrigeer de naam${p.known ? ` (bekend: ${list(p.known)})` : ''}.`,
    en: (p) => `The variable {{${list(p.name)}}} is not declared. Add it under "variables" or fix the name${p.known ? ` (known: ${list(p.known)})` : ''}.`,
  },
  'builtin-indicator': {
    nl: (p) => `"${list(p.id)}" is een ingebouwde indicator en hoeft niet gedeclareerd te worden. Kies een andere id.`,
    en: (p) => `"${list(p.id)}" is a built-in indicator and need not be declared. Choose another id.`,
  },
  'role-mode-one-role': {
    nl: () => 'Een beslissing met mode "role" heeft precies één rol nodig: "roles: [rol-id]".',
    en: () => 'A decision with mode "role" needs exactly one role: "roles: [role-id]".',
  },
  'vote-needs-roles': {
    nl: () => 'Een stemming (mode "vote") heeft "roles" nodig: wie stemmen er?',
    en: () => 'A vote (mode "vote") needs "roles": who votes?',
  },
  'group-needs-chair': {
    nl: () => 'Een groepsbesluit (mode "group") heeft een "chair" nodig: een rol-id of "trainer".',
    en: () => 'A group decision (mode "group") needs a "chair": a role id or "trainer".',
  },
  'chair-only-group': {
    nl: () => '"chair" hoort alleen bij een groepsbesluit (mode "group").',
    en: () => '"chair" belongs only to a group decision (mode "group").',
  },
  'each-no-next': {
    nl: () => 'Bij mode "each" beslist ieder voor zich; een optie kan dan geen eigen "next" hebben. Zet het vervolg op de scène.',
    en: () => 'In mode "each" everybody decides for themselves, so an option cannot have its own "next". Put it on the scene.',
  },
  'predicts-not-decision': {
    nl: (p) => `"${list(p.id)}" is geen beslisstap; een voorspelling moet naar een stap met type "decision" wijzen.`,
    en: (p) => `"${list(p.id)}" is not a decision step; a prediction must point to a step of type "decision".`,
  },
  'predicts-after': {
    nl: (p) => `De voorspelling moet vóór de beslissing "${list(p.id)}" komen, niet erna.`,
    en: (p) => `The prediction must come before the decision "${list(p.id)}", not after it.`,
  },
  'min-above-max': {
    nl: (p) => `"${list(p.field)}": min (${list(p.min)}) is groter dan max (${list(p.max)}).`,
    en: (p) => `"${list(p.field)}": min (${list(p.min)}) is larger than max (${list(p.max)}).`,
  },
  'start-out-of-range': {
    nl: (p) => `De startwaarde ${list(p.start)} ligt buiten min ${list(p.min)} en max ${list(p.max)}.`,
    en: (p) => `The start value ${list(p.start)} lies outside min ${list(p.min)} and max ${list(p.max)}.`,
  },
  'unreachable-scene': {
    nl: (p) => `Scène "${list(p.id)}" is onbereikbaar: geen "next" of optie wijst ernaar.`,
    en: (p) => `Scene "${list(p.id)}" is unreachable: no "next" or option points to it.`,
  },
  'unreachable-ending': {
    nl: (p) => `Einde "${list(p.id)}" is onbereikbaar: geen "next" of optie wijst ernaar.`,
    en: (p) => `Ending "${list(p.id)}" is unreachable: no "next" or option points to it.`,
  },
  'no-ending': {
    nl: (p) => `Vanuit scène "${list(p.id)}" is geen einde bereikbaar. Geef de scène een "next" naar een scène of einde.`,
    en: (p) => `No ending can be reached from scene "${list(p.id)}". Give the scene a "next" to a scene or ending.`,
  },
  'dead-end-scene': {
    nl: (p) => `Scène "${list(p.id)}" heeft geen vervolg voor elke uitkomst. Geef de scène een "next" (of elke optie van de laatste beslissing een "next").`,
    en: (p) => `Scene "${list(p.id)}" has no follow-up for every outcome. Give the scene a "next" (or every option of its deciding step a "next").`,
  },
  'last-rule-conditional': {
    nl: () => 'De laatste regel van "next" moet zonder "if" zijn, zodat er altijd een vervolg is.',
    en: () => 'The last rule of "next" must have no "if", so that there is always a follow-up.',
  },
  'condition-bounds': {
    nl: () => 'Een voorwaarde op een indicator heeft "min" en/of "max" nodig.',
    en: () => 'A condition on an indicator needs "min" and/or "max".',
  },
  'no-consequence': {
    nl: (p) => `Optie "${list(p.id)}" heeft geen gevolg. Geef haar "effects", "later" of "next".`,
    en: (p) => `Option "${list(p.id)}" has no consequence. Give it "effects", "later" or "next".`,
  },
  'seats-too-few': {
    nl: (p) => `De rollen bieden samen ${list(p.seats)} plaatsen, minder dan de groepsgrootte (${list(p.max)}). Verhoog "seats.max".`,
    en: (p) => `The roles offer ${list(p.seats)} seats in all, fewer than the group size (${list(p.max)}). Raise "seats.max".`,
  },
  'seats-too-many-required': {
    nl: (p) => `De rollen vragen samen minstens ${list(p.seats)} spelers, meer dan de kleinste groep (${list(p.min)}).`,
    en: (p) => `The roles need at least ${list(p.seats)} players in all, more than the smallest group (${list(p.min)}).`,
  },
  'test-wrong-ending': {
    nl: (p) => `Testpad "${list(p.name)}" eindigt in "${list(p.actual)}", niet in "${list(p.expected)}".`,
    en: (p) => `Test plan "${list(p.name)}" ends in "${list(p.actual)}", not in "${list(p.expected)}".`,
  },
  'test-indicator-range': {
    nl: (p) => `Testpad "${list(p.name)}": ${list(p.id)} is ${list(p.actual)}, verwacht tussen ${list(p.min)} en ${list(p.max)}.`,
    en: (p) => `Test plan "${list(p.name)}": ${list(p.id)} is ${list(p.actual)}, expected between ${list(p.min)} and ${list(p.max)}.`,
  },
  'test-not-on-path': {
    nl: (p) => `Testpad "${list(p.name)}" kiest voor stap "${list(p.step)}", maar die stap kwam op dit pad niet voor.`,
    en: (p) => `Test plan "${list(p.name)}" sets step "${list(p.step)}", but that step did not occur on this path.`,
  },
  'chair-may-be-empty': {
    nl: (p) => `De voorzitter "${list(p.id)}" kan in een kleine groep onbezet zijn; dan beslist de trainer. Maak de rol essentieel of geef haar seats.min 1 als dat niet de bedoeling is.`,
    en: (p) => `The chair "${list(p.id)}" may be empty in a small group; the trainer then decides. Make the role essential or give it seats.min 1 if that is not intended.`,
  },
  'role-idle': {
    nl: (p) => `Rol "${list(p.id)}" beslist, voorspelt en reflecteert nergens. Geef de rol iets te doen.`,
    en: (p) => `Role "${list(p.id)}" never decides, predicts or reflects. Give the role something to do.`,
  },
  'indicator-unmoved': {
    nl: (p) => `Niets in de casus beweegt "${list(p.id)}".`,
    en: (p) => `Nothing in the case moves "${list(p.id)}".`,
  },
  'briefing-copy': {
    nl: (p) => `De briefing van rol "${list(p.id)}" is gelijk aan die van "${list(p.other)}".`,
    en: (p) => `The briefing of role "${list(p.id)}" is the same as that of "${list(p.other)}".`,
  },
  'file-read': {
    nl: (p) => `Kan het bestand niet lezen: ${list(p.detail)}.`,
    en: (p) => `Cannot read the file: ${list(p.detail)}.`,
  },
};

function typeNl(t: string): string {
  return ({ string: 'tekst', number: 'een getal', int: 'een geheel getal', boolean: 'true of false', array: 'een lijst', object: 'een verzameling velden' } as Record<string, string>)[t] ?? t;
}
function typeEn(t: string): string {
  return ({ string: 'text', number: 'a number', int: 'a whole number', boolean: 'true or false', array: 'a list', object: 'a set of fields' } as Record<string, string>)[t] ?? t;
}

export function renderCaseMessage(code: string, params: Params, lang: Lang): string {
  const m = CASE_MESSAGES[code];
  if (!m) return code;
  return m[lang](params);
}
