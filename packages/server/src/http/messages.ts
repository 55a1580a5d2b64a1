/** Error messages people read, Dutch first. Keys are the error codes of the API (docs/api.md). */
export type Lang = 'nl' | 'en';

type Params = Record<string, string | number>;
type Message = { nl: string | ((p: Params) => string); en: string | ((p: Params) => string) };

const M: Record<string, Message> = {
  'invalid-input': { nl: (p) => `Ongeldige invoer${p.field ? ` in veld "${p.field}"` : ''}${p.reasonNl ?? p.reason ? `: ${p.reasonNl ?? p.reason}` : ''}.`, en: (p) => `Invalid input${p.field ? ` in field "${p.field}"` : ''}${p.reason ? `: ${p.reason}` : ''}.` },
  'invalid-json': { nl: 'De inhoud van het verzoek is geen geldige JSON.', en: 'The request body is not valid JSON.' },
  'body-too-large': { nl: 'Het verzoek is te groot.', en: 'The request is too large.' },
  'unsupported-media-type': { nl: 'Stuur JSON (Content-Type: application/json).', en: 'Send JSON (Content-Type: application/json).' },
  'csrf-header-missing': { nl: 'Verzoek geweigerd: de header X-Samenspel ontbreekt.', en: 'Request refused: the X-Samenspel header is missing.' },
  'not-found': { nl: 'Niet gevonden.', en: 'Not found.' },
  'conflict': { nl: 'Dit is zojuist al gebeurd, bijvoorbeeld in een ander venster. Laad de pagina opnieuw.', en: 'This has just happened already, for instance in another window. Please reload the page.' },
  'internal': { nl: 'Er ging iets mis aan onze kant. Probeer het opnieuw.', en: 'Something went wrong on our side. Please try again.' },
  'oidc-not-configured': { nl: 'Deze organisatie heeft geen eigen inlog (OpenID Connect) ingesteld.', en: 'This organisation has no single sign-on (OpenID Connect) configured.' },
  'oidc-unknown-login': { nl: 'Deze inlogpoging is verlopen of al gebruikt. Probeer het opnieuw.', en: 'This login attempt has expired or was already used. Please try again.' },
  'oidc-failed': { nl: 'Inloggen via uw organisatie is mislukt. Probeer het opnieuw of neem contact op met uw beheerder.', en: 'Logging in through your organisation failed. Try again or contact your administrator.' },
  'oidc-no-account': { nl: 'U bent bij uw organisatie ingelogd, maar heeft nog geen account in Samenspel. Vraag de beheerder om een uitnodiging.', en: 'You are logged in at your organisation but have no Samenspel account yet. Ask the administrator for an invitation.' },
  'login-failed': { nl: 'E-mailadres of wachtwoord klopt niet.', en: 'E-mail address or password is incorrect.' },
  'login-required': { nl: 'Log eerst in als trainer.', en: 'Please log in as a trainer first.' },
  'read-only': { nl: 'Je kijkt mee met een alleen-lezen link: je kunt niets wijzigen, downloaden of delen.', en: 'You are looking on with a read-only link: you cannot change, download or share anything.' },
  'forbidden': { nl: 'Je hebt geen toegang tot deze sessie.', en: 'You have no access to this session.' },
  'role-forbidden': { nl: 'Uw rol in deze organisatie geeft hier geen toegang toe. Vraag de beheerder van uw organisatie om een andere rol.', en: 'Your role in this organisation does not allow this. Ask your organisation\'s administrator for another role.' },
  'not-a-member': { nl: 'U bent geen lid van deze organisatie.', en: 'You are not a member of this organisation.' },
  'no-organisation': { nl: 'Uw account hoort bij geen enkele organisatie meer. Vraag een beheerder om een nieuwe uitnodiging.', en: 'Your account no longer belongs to any organisation. Ask an administrator for a new invitation.' },
  'unknown-member': { nl: 'Deze persoon is geen lid van uw organisatie.', en: 'This person is not a member of your organisation.' },
  'last-beheerder': { nl: 'Een organisatie houdt minstens één beheerder. Maak eerst iemand anders beheerder.', en: 'An organisation keeps at least one administrator. Make someone else administrator first.' },
  'unknown-invitation': { nl: 'Deze uitnodiging bestaat niet, is verlopen of is al gebruikt. Vraag de beheerder om een nieuwe.', en: 'This invitation does not exist, has expired or has already been used. Ask the administrator for a new one.' },
  'already-member': { nl: 'U bent al lid van deze organisatie.', en: 'You are already a member of this organisation.' },
  'account-exists': { nl: 'Er is al een account met dit e-mailadres. Log eerst in en open de uitnodiging daarna opnieuw.', en: 'An account with this e-mail address already exists. Log in first, then open the invitation again.' },
  'password-too-short': { nl: 'Kies een wachtwoord van minstens 12 tekens.', en: 'Choose a password of at least 12 characters.' },
  'unknown-client': { nl: 'Deze organisatie is geen klant van uw organisatie.', en: 'This organisation is not a client of your organisation.' },
  'client-of-client': { nl: 'Een klantorganisatie kan zelf geen klanten hebben.', en: 'A client organisation cannot have clients of its own.' },
  'client-has-beheerder': { nl: 'Deze klantorganisatie heeft al een eigen beheerder; die nodigt haar collega\'s zelf uit.', en: 'This client organisation already has its own administrator, who invites their colleagues.' },
  'unknown-bureau': { nl: 'Dit trainingsbureau werkt niet (meer) voor uw organisatie.', en: 'This training bureau does not (or no longer) work for your organisation.' },
  'unknown-person': { nl: 'Over dit e-mailadres is niets opgeslagen in uw organisatie.', en: 'Nothing is stored about this e-mail address in your organisation.' },
  'too-many-requests': { nl: 'Te veel pogingen. Wacht een minuut en probeer het opnieuw.', en: 'Too many attempts. Wait a minute and try again.' },
  'unknown-case': { nl: (p) => `Casus "${p.caseId}" bestaat niet.`, en: (p) => `Case "${p.caseId}" does not exist.` },
  'unknown-variable': { nl: (p) => `Deze casus kent de variabele "${p.field}" niet.`, en: (p) => `This case has no variable "${p.field}".` },
  'unknown-session': { nl: 'Deze sessie bestaat niet.', en: 'This session does not exist.' },
  'unknown-join-code': { nl: (p) => `Er is geen lopende sessie met code ${p.code}. Controleer de code op het scherm van de trainer.`, en: (p) => `There is no running session with code ${p.code}. Check the code on the trainer's screen.` },
  'session-closed-for-joining': { nl: 'Deze sessie is afgelopen; aanmelden kan niet meer.', en: 'This session has ended; joining is no longer possible.' },
  draining: { nl: 'Deze server sluit af; je wordt doorverbonden.', en: 'This server is shutting down; you will be reconnected.' },
  'database-unavailable': { nl: 'De database is even niet bereikbaar.', en: 'The database cannot be reached right now.' },
  'seat-token-in-use': { nl: 'Deze plaats hoort bij een andere sessie. Laad de pagina opnieuw.', en: 'This seat belongs to another session. Please reload the page.' },
  'erase-after-session': { nl: 'Gegevens van een deelnemer wis je na afloop van de sessie; beëindig de sessie eerst.', en: "A participant's data is erased after the session; end the session first." },
  'delete-running-session': { nl: 'Een lopende sessie verwijder je niet: beëindig haar eerst.', en: 'A running session cannot be deleted: end it first.' },
  'report-not-ready': { nl: 'Je verslag is klaar zodra de sessie is afgelopen.', en: 'Your report is ready once the session has ended.' },
  'web-not-built': { nl: 'De webapp is nog niet gebouwd. Voer "npm run build" uit.', en: 'The web app has not been built yet. Run "npm run build".' },
  // Refusals of the session engine.
  'not-created': { nl: 'Deze sessie is nog niet aangemaakt.', en: 'This session has not been created.' },
  'already-created': { nl: 'Deze sessie bestaat al.', en: 'This session already exists.' },
  'not-allowed': { nl: 'Dit mag jij in deze sessie niet doen.', en: 'You are not allowed to do this in this session.' },
  'session-ended': { nl: 'De sessie is afgelopen.', en: 'The session has ended.' },
  'session-full': { nl: (p) => `De sessie is vol (${p.max} plaatsen).`, en: (p) => `The session is full (${p.max} seats).` },
  'session-not-running': { nl: 'De sessie loopt nog niet.', en: 'The session is not running.' },
  'already-started': { nl: 'De sessie is al begonnen.', en: 'The session has already started.' },
  'name-empty': { nl: 'Vul je naam in.', en: 'Please enter your name.' },
  'name-taken': { nl: (p) => `De naam "${p.name}" is al in gebruik in deze sessie. Kies een andere naam, bijvoorbeeld met je achternaam erbij.`, en: (p) => `The name "${p.name}" is already taken in this session. Choose another, for instance with your surname.` },
  'unknown-participant': { nl: 'Deze deelnemer is onbekend.', en: 'Unknown participant.' },
  'unknown-role': { nl: 'Deze rol is onbekend.', en: 'Unknown role.' },
  'roles-incomplete': { nl: (p) => `Nog niet alle onmisbare rollen zijn bezet: ${p.roles}.`, en: (p) => `Not all essential roles are filled: ${p.roles}.` },
  'no-participants': { nl: 'Er heeft zich nog niemand aangemeld.', en: 'Nobody has joined yet.' },
  'not-current-step': { nl: 'Deze vraag is niet meer aan de orde; je scherm wordt bijgewerkt.', en: 'This question is no longer current; your screen is being updated.' },
  'step-not-open': { nl: 'Deze vraag is gesloten.', en: 'This question is closed.' },
  'step-not-closed': { nl: 'Sluit de vraag eerst.', en: 'Close the question first.' },
  'not-your-step': { nl: 'Deze vraag is voor een andere rol.', en: 'This question is for another role.' },
  'already-answered': { nl: 'Je hebt deze vraag al beantwoord.', en: 'You have already answered this question.' },
  'invalid-answer': { nl: (p) => `Dit antwoord is niet geldig${p.field ? ` (${p.field})` : ''}.`, en: (p) => `This answer is not valid${p.field ? ` (${p.field})` : ''}.` },
  'nothing-to-advance': { nl: 'Er is geen volgende stap.', en: 'There is no next step.' },
  'paused': { nl: 'De sessie staat op pauze.', en: 'The session is paused.' },
  'not-paused': { nl: 'De sessie staat niet op pauze.', en: 'The session is not paused.' },
  'no-timer': { nl: 'Deze stap heeft geen timer.', en: 'This step has no timer.' },
  'timer-not-due': { nl: 'De tijd is nog niet om.', en: 'Time is not up yet.' },
  'unknown-inject': { nl: 'Deze gebeurtenis bestaat niet in de casus.', en: 'This event does not exist in the case.' },
  'text-empty': { nl: 'Vul een tekst in.', en: 'Please enter a text.' },
  'perspective-switch-impossible': { nl: 'Wisselen van perspectief kan nu niet: er zijn niet genoeg rollen om iedereen van kant te laten wisselen.', en: 'Switching perspectives is not possible now: there are not enough roles to move everybody.' },
};

export function message(code: string, lang: Lang, params: Params = {}): string {
  const m = M[code] ?? M['internal']!;
  const t = m[lang];
  return typeof t === 'function' ? t(params) : t;
}

/** First supported language in Accept-Language order; Dutch when nothing matches. */
export function langFrom(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'nl';
  const tags = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag, q] = part.trim().split(';q=');
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    if (tag.startsWith('nl')) return 'nl';
    if (tag.startsWith('en')) return 'en';
  }
  return 'nl';
}
