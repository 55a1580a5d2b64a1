/** The OpenAPI description served at /api/openapi.json; docs/api.md explains the stream protocol. */
const error = { $ref: '#/components/schemas/Error' };
const json = (schema: object) => ({ content: { 'application/json': { schema } } });
const errors = { '400': { description: 'Invalid input', ...json(error) }, '401': { description: 'Not logged in', ...json(error) }, '403': { description: 'Not allowed', ...json(error) }, '404': { description: 'Not found', ...json(error) }, '409': { description: 'Refused by the session rules', ...json(error) } };
const csrf = { name: 'X-Samenspel', in: 'header', required: true, schema: { type: 'string', enum: ['1'] }, description: 'Required on every state-changing request (CSRF protection).' };
const sessionId = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const participantId = { name: 'participantId', in: 'path', required: true, schema: { type: 'string' } };
const userId = { name: 'userId', in: 'path', required: true, schema: { type: 'string' } };
const roleBody = { type: 'object', required: ['role'], properties: { role: { type: 'string', enum: ['beheerder', 'trainer', 'programmabeheerder'] } } };
const personBody = { type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email' } } };
const code = { name: 'code', in: 'path', required: true, schema: { type: 'string' }, description: 'Join code (6 characters; case and dashes are ignored).' };

export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'Samenspel API', version: '0.1.0', description: 'Live role-play sessions. Errors are { error: { code, message } } with the message in Dutch or English by Accept-Language.' },
  components: {
    securitySchemes: {
      cookie: { type: 'apiKey', in: 'cookie', name: 'samenspel_auth', description: 'Trainer login (HttpOnly, SameSite=Lax).' },
      seat: { type: 'http', scheme: 'bearer', description: 'Seat token of a participant, the projector token or a read-only observer token; `?token=` is accepted on the stream.' },
    },
    schemas: {
      Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' }, details: { type: 'object' } } } } },
      ViewMessage: { type: 'object', required: ['view', 'serverTime'], properties: { view: { type: 'object', description: "The caller's own SessionView (engine/src/session/view.ts)." }, serverTime: { type: 'integer', description: 'Epoch ms on the server, for countdowns.' } } },
      Command: { type: 'object', required: ['type'], properties: { type: { type: 'string', enum: ['rename', 'remove', 'assign-roles', 'start', 'answer', 'close-step', 'reveal-step', 'advance', 'extend-timer', 'pause', 'resume', 'fire-inject', 'write-feedback', 'moderate', 'hand-over', 'switch-perspectives', 'end'] } }, additionalProperties: true },
    },
  },
  paths: {
    '/api/health': { get: { summary: 'Liveness and database check', responses: { '200': { description: 'OK' } } } },
    '/api/live': { get: { summary: 'Liveness: the process answers', responses: { '200': { description: 'OK' } } } },
    '/api/ready': { get: { summary: 'Readiness: database reachable and not draining', responses: { '200': { description: 'Ready' }, '503': { description: 'Draining or database unavailable' } } } },
    '/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    '/api/auth/login': { post: { summary: 'Trainer login; sets the session cookie', parameters: [csrf], requestBody: json({ type: 'object', required: ['email', 'password'], properties: { email: { type: 'string' }, password: { type: 'string' } } }), responses: { '200': { description: 'Logged in' }, '429': { description: 'Too many attempts' }, ...errors } } },
    '/api/auth/logout': { post: { summary: 'Ends the trainer login', parameters: [csrf], responses: { '200': { description: 'Logged out' } } } },
    '/api/auth/me': { get: { summary: 'The logged-in member: user, the organisation worked in, role, all memberships', security: [{ cookie: [] }], responses: { '200': { description: 'User and organisation' }, ...errors } } },
    '/api/auth/organisation': { post: { summary: "Work in another of one's organisations", security: [{ cookie: [] }], parameters: [csrf], requestBody: json({ type: 'object', required: ['organisationId'], properties: { organisationId: { type: 'string' } } }), responses: { '200': { description: 'The user, now in that organisation' }, ...errors } } },
    '/api/organisation': { get: { summary: 'The organisation worked in, one\'s role, its clients and bureaus', security: [{ cookie: [] }], responses: { '200': { description: 'Organisation' }, ...errors } } },
    '/api/organisation/settings': { post: { summary: 'Retention in days (beheerder)', security: [{ cookie: [] }], parameters: [csrf], requestBody: json({ type: 'object', required: ['retentionDays'], properties: { retentionDays: { type: 'integer', minimum: 1, maximum: 3650 } } }), responses: { '200': { description: 'Saved' }, ...errors } } },
    '/api/organisation/members': { get: { summary: 'Members and roles (beheerder)', security: [{ cookie: [] }], responses: { '200': { description: 'Members' }, ...errors } } },
    '/api/organisation/members/{userId}/role': { post: { summary: 'Change a role (beheerder); 409 last-beheerder', security: [{ cookie: [] }], parameters: [csrf, userId], requestBody: json(roleBody), responses: { '200': { description: 'Changed' }, ...errors } } },
    '/api/organisation/members/{userId}/remove': { post: { summary: 'End a membership (beheerder); the account goes with the last one', security: [{ cookie: [] }], parameters: [csrf, userId], responses: { '200': { description: 'Removed' }, ...errors } } },
    '/api/organisation/invitations': {
      get: { summary: 'Pending invitations (beheerder)', security: [{ cookie: [] }], responses: { '200': { description: 'Invitations' }, ...errors } },
      post: { summary: 'A single-use invitation link, valid 7 days (beheerder)', security: [{ cookie: [] }], parameters: [csrf], requestBody: json(roleBody), responses: { '201': { description: '{id, role, expiresAt, link}' }, ...errors } },
    },
    '/api/organisation/invitations/{id}/revoke': { post: { summary: 'Withdraw a pending invitation (beheerder)', security: [{ cookie: [] }], parameters: [csrf, { name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'Revoked' }, ...errors } } },
    '/api/organisation/clients': { post: { summary: 'A bureau takes on a client organisation; returns an invitation for its first beheerder', security: [{ cookie: [] }], parameters: [csrf], requestBody: json({ type: 'object', required: ['name'], properties: { name: { type: 'string' } } }), responses: { '201': { description: '{client, invitation}' }, ...errors } } },
    '/api/organisation/clients/{clientId}/invitation': { post: { summary: 'A new first-beheerder link for a client without a beheerder yet (beheerder of the bureau)', security: [{ cookie: [] }], parameters: [csrf, { name: 'clientId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '201': { description: '{id, role, expiresAt, link}' }, ...errors } } },
    '/api/organisation/bureaus/{bureauId}/end': { post: { summary: "The client ends a bureau's access to its sessions (beheerder of the client)", security: [{ cookie: [] }], parameters: [csrf, { name: 'bureauId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'Ended' }, ...errors } } },
    '/api/organisation/audit': { get: { summary: 'The audit log (beheerder)', security: [{ cookie: [] }], responses: { '200': { description: 'Entries' }, ...errors } } },
    '/api/organisation/people/export': { post: { summary: 'Everything held about one person, by e-mail (beheerder)', security: [{ cookie: [] }], parameters: [csrf], requestBody: json(personBody), responses: { '200': { description: 'JSON download' }, ...errors } } },
    '/api/organisation/people/erase': { post: { summary: 'Erase one person from every ended session and end their membership (beheerder)', security: [{ cookie: [] }], parameters: [csrf], requestBody: json(personBody), responses: { '200': { description: '{erasedParticipations, runningSessions, membershipEnded, membershipKept}' }, ...errors } } },
    '/api/organisation/research-export': { get: { summary: 'Pseudonymised research export of ended sessions (beheerder, programmabeheerder)', security: [{ cookie: [] }], responses: { '200': { description: 'JSON download' }, ...errors } } },
    '/api/auth/oidc': { get: { summary: 'Organisations with their own login (OpenID Connect)', responses: { '200': { description: '{providers: [{id, name}]}' } } } },
    '/api/auth/oidc/{organisationId}/start': { get: { summary: "Redirect to the organisation's identity provider (PKCE, state, nonce)", parameters: [{ name: 'organisationId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '302': { description: 'To the provider' }, ...errors } } },
    '/api/auth/oidc/callback': { get: { summary: 'Back from the provider: logs a member in, or returns to /trainer?login=<code>', responses: { '302': { description: 'To /trainer' } } } },
    '/api/sessions/{id}/participants/{participantId}/export': { get: { summary: "One participant's data in this session (trainer)", security: [{ cookie: [] }], parameters: [sessionId, participantId], responses: { '200': { description: 'JSON download' }, ...errors } } },
    '/api/sessions/{id}/participants/{participantId}/erase': { post: { summary: 'Erase one participant from this ended session (trainer)', security: [{ cookie: [] }], parameters: [csrf, sessionId, participantId], responses: { '200': { description: '{ok, pseudonym}' }, ...errors } } },
    '/api/sessions/{id}/delete': { post: { summary: 'Delete a session that is not running, log and all (trainer)', security: [{ cookie: [] }], parameters: [csrf, sessionId], responses: { '200': { description: 'Deleted' }, ...errors } } },
    '/api/invitations/lookup': { post: { summary: 'What an invitation is for', parameters: [csrf], requestBody: json({ type: 'object', required: ['token'], properties: { token: { type: 'string' } } }), responses: { '200': { description: '{organisationName, role, expiresAt, alreadyMember}' }, ...errors } } },
    '/api/invitations/accept': { post: { summary: 'Accept with the current login, or with a new account', parameters: [csrf], requestBody: json({ type: 'object', required: ['token'], properties: { token: { type: 'string' }, account: { type: 'object', required: ['name', 'email', 'password'], properties: { name: { type: 'string' }, email: { type: 'string' }, password: { type: 'string', minLength: 12 } } } } }), responses: { '201': { description: 'Member; logged in' }, ...errors } } },
    '/api/cases': { get: { summary: 'Case library', security: [{ cookie: [] }], parameters: ['setting', 'theme', 'governmentRole', 'groupSize'].map((name) => ({ name, in: 'query', required: false, schema: { type: name === 'groupSize' ? 'integer' : 'string' } })), responses: { '200': { description: 'Case summaries' }, ...errors } } },
    '/api/cases/{id}': { get: { summary: 'One case with teaching note, variables and roles', security: [{ cookie: [] }], parameters: [sessionId], responses: { '200': { description: 'Case detail' }, ...errors } } },
    '/api/sessions': {
      get: { summary: "The organisation's sessions", security: [{ cookie: [] }], responses: { '200': { description: 'Sessions' }, ...errors } },
      post: { summary: 'Create a live session', security: [{ cookie: [] }], parameters: [csrf], requestBody: json({ type: 'object', required: ['caseId'], properties: { caseId: { type: 'string' }, variables: { type: 'object', additionalProperties: { type: 'string' } }, title: { type: 'string' } } }), responses: { '201': { description: 'id, joinCode, projectorToken, links' }, ...errors } },
    },
    '/api/sessions/{id}/view': { get: { summary: "The caller's own view", security: [{ cookie: [] }, { seat: [] }], parameters: [sessionId], responses: { '200': { description: 'View', ...json({ $ref: '#/components/schemas/ViewMessage' }) }, ...errors } } },
    '/api/sessions/{id}/links': { get: { summary: 'Join code and links (trainer, observer or projector)', security: [{ cookie: [] }, { seat: [] }], parameters: [sessionId], responses: { '200': { description: 'Links' }, ...errors } } },
    '/api/sessions/{id}/projector-link': { post: { summary: 'New projector token (trainer); the previous one stops working', security: [{ cookie: [] }], parameters: [sessionId, csrf], responses: { '200': { description: 'projectorToken, links' }, ...errors } } },
    '/api/sessions/{id}/observer-link': { post: { summary: 'New read-only link for a co-trainer (trainer); the previous one stops working', security: [{ cookie: [] }], parameters: [sessionId, csrf], responses: { '200': { description: 'link' }, ...errors } } },
    '/api/sessions/{id}/export/{file}': { get: { summary: 'Download for the trainer: one analysis table as CSV, all tables as XLSX, or the raw log (anonymous answers without who gave them)', security: [{ cookie: [] }], parameters: [sessionId, { name: 'file', in: 'path', required: true, schema: { type: 'string', enum: ['participants.csv', 'roles_per_round.csv', 'choices.csv', 'predictions.csv', 'reflections.csv', 'events.csv', 'tables.xlsx', 'log.json'] } }, { name: 'pseudonymise', in: 'query', required: false, schema: { type: 'string', enum: ['0', '1'] } }], responses: { '200': { description: 'text/csv or application/json attachment' }, ...errors } } },
    '/api/sessions/{id}/report': { get: { summary: "Participant: own personal report after the end. Trainer: the session report, or ?participant=ID for someone's personal report", security: [{ cookie: [] }, { seat: [] }], parameters: [sessionId, { name: 'participant', in: 'query', required: false, schema: { type: 'string' } }], responses: { '200': { description: '{ kind: personal | session, report }' }, ...errors } } },
    '/api/sessions/{id}/report.pdf': { get: { summary: 'The personal report as PDF (participant: own, after the end; trainer: ?participant=ID)', security: [{ cookie: [] }, { seat: [] }], parameters: [sessionId, { name: 'participant', in: 'query', required: false, schema: { type: 'string' } }], responses: { '200': { description: 'application/pdf' }, ...errors } } },
    '/api/sessions/{id}/stream': { get: { summary: 'Server-Sent Events: one message per change, id = session seq, data = ViewMessage; heartbeat comments', security: [{ cookie: [] }, { seat: [] }], parameters: [sessionId, { name: 'token', in: 'query', required: false, schema: { type: 'string' } }, { name: 'Last-Event-ID', in: 'header', required: false, schema: { type: 'string' } }], responses: { '200': { description: 'text/event-stream' }, ...errors } } },
    '/api/sessions/{id}/commands': { post: { summary: 'Send a command; the actor comes from the credentials, never from the body', security: [{ cookie: [] }, { seat: [] }], parameters: [sessionId, csrf], requestBody: json({ type: 'object', required: ['idempotencyKey', 'command'], properties: { idempotencyKey: { type: 'string', minLength: 8 }, command: { $ref: '#/components/schemas/Command' } } }), responses: { '200': { description: '{ ok: true, seq }; a repeated idempotency key returns the first answer' }, ...errors } } },
    '/api/join/{code}': {
      get: { summary: 'Look up a join code (rate-limited on wrong codes)', parameters: [code], responses: { '200': { description: 'Session title, status, seats left' }, '429': { description: 'Too many wrong codes' }, ...errors } },
      post: { summary: 'Take a seat', parameters: [code, csrf], requestBody: json({ type: 'object', required: ['name', 'side'], properties: { name: { type: 'string' }, side: { type: 'string', enum: ['bestuurder', 'ambtenaar', 'raadslid', 'gast'] }, email: { type: 'string' } } }), responses: { '201': { description: 'sessionId, participantId, seatToken' }, ...errors } },
    },
    '/api/join/{code}/qr.svg': { get: { summary: 'QR code of the join link', parameters: [code], responses: { '200': { description: 'image/svg+xml' }, ...errors } } },
  },
} as const;
