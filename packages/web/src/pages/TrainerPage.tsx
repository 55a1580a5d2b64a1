/** Trainer entry: login, then the case library (filters, teaching note) and one's sessions. */
import '@utrecht/button-link-css/dist/index.css';
import '../i18n/staff.js';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiFailure } from '../api/client.js';
import { Layout } from '../components/Layout.js';
import { Alert, Button, Card, Heading, P, Text, TextField } from '../components/ui.js';
import { SelectField } from '../components/SelectField.js';
import { Link, navigate } from '../router.js';
import { saveProjectorToken } from './projector-token.js';

interface User {
  name: string;
  email: string;
  organisationId: string;
  organisationName: string;
  role: string;
  /** From the server's one table of what each role may do. */
  permissions: string[];
  memberships: { organisationId: string; organisationName: string; role: string }[];
}
const mayRun = (u: User) => u.permissions.includes('sessions.run');
interface CaseSummary {
  id: string;
  title: string;
  summary: string;
  setting: string;
  duration: number;
  groupSize: { min: number; max: number };
  themes: string[];
  governmentRoles: string[];
}
interface CaseDetail extends CaseSummary {
  teachingNote: string;
  learningGoals: { text: string }[];
  variables: { id: string; label: string; default: string; description?: string }[];
  roles: { id: string; name: string; side: string; description: string }[];
}
interface SessionRow {
  id: string;
  title: string;
  joinCode: string;
  status: string;
  participants: number;
  createdAt: number;
  /** A client's session that this organisation (a bureau) runs. */
  forOrganisation?: string;
}
interface Filters {
  settings: string[];
  themes: string[];
  governmentRoles: string[];
}

export function TrainerPage() {
  const { t } = useTranslation();
  const [user, setUser] = useState<User | null | undefined>(undefined);
  useEffect(() => {
    api<{ user: User }>('/api/auth/me').then(
      (r) => setUser(r.user),
      () => setUser(null),
    );
  }, []);
  if (user === undefined)
    return (
      <Layout>
        <P>{t('common.loading')}</P>
      </Layout>
    );
  if (user === null) return <LoginForm onLoggedIn={setUser} />;
  // Keyed by organisation: switching reloads the sessions and clients of the other one.
  return <Library key={user.organisationId} user={user} onSwitched={setUser} onLoggedOut={() => setUser(null)} />;
}

/** Why a login through the organisation's provider came back here (`/trainer?login=<code>`). */
const OIDC_CODES = ['oidc-not-configured', 'oidc-unknown-login', 'oidc-failed', 'oidc-no-account'] as const;

function LoginForm({ onLoggedIn }: { onLoggedIn: (u: User) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(() => {
    const code = new URLSearchParams(location.search).get('login');
    return code && (OIDC_CODES as readonly string[]).includes(code) ? t(`login.oidc.${code}`) : null;
  });
  const [busy, setBusy] = useState(false);
  const [providers, setProviders] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    api<{ providers: { id: string; name: string }[] }>('/api/auth/oidc').then(
      (r) => setProviders(r.providers),
      () => setProviders([]),
    );
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ user: User }>('/api/auth/login', { method: 'POST', body: { email, password } });
      onLoggedIn(r.user);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : t('errors.network'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Layout>
      <Heading level={1}>{t('login.title')}</Heading>
      <form className="utrecht-form stack" onSubmit={submit}>
        {error && <Alert type="error">{error}</Alert>}
        <TextField label={t('login.email')} type="email" value={email} onChange={setEmail} autoComplete="username" required />
        <TextField label={t('login.password')} type="password" value={password} onChange={setPassword} autoComplete="current-password" required />
        <Button type="submit" variant="primary" busy={busy} disabled={busy}>
          {t('login.submit')}
        </Button>
      </form>
      {providers.length > 0 && (
        <section aria-labelledby="sso-title" className="sso">
          <Heading level={2} id="sso-title">
            {t('login.sso')}
          </Heading>
          <ul className="link-list">
            {providers.map((p) => (
              // A full page load: the provider's login lives on another site.
              <li key={p.id}>
                <a className="utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action" href={`/api/auth/oidc/${encodeURIComponent(p.id)}/start`}>
                  {t('login.ssoWith', { name: p.name })}
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

function Library({ user, onLoggedOut, onSwitched }: { user: User; onLoggedOut: () => void; onSwitched: (u: User) => void }) {
  const { t } = useTranslation();
  const [cases, setCases] = useState<CaseSummary[]>([]);
  const [filters, setFilters] = useState<Filters | null>(null);
  const [sessions, setSessions] = useState<SessionRow[]>([]);
  const [setting, setSetting] = useState('');
  const [theme, setTheme] = useState('');
  const [governmentRole, setGovernmentRole] = useState('');
  const [groupSize, setGroupSize] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [clients, setClients] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (mayRun(user)) void api<{ clients: { id: string; name: string }[] }>('/api/organisation').then((r) => setClients(r.clients));
  }, [user]);

  const load = useCallback(() => {
    const q = new URLSearchParams();
    if (setting) q.set('setting', setting);
    if (theme) q.set('theme', theme);
    if (governmentRole) q.set('governmentRole', governmentRole);
    if (/^\d+$/.test(groupSize)) q.set('groupSize', groupSize);
    api<{ cases: CaseSummary[]; filters: Filters }>(`/api/cases?${q}`).then((r) => {
      setCases(r.cases);
      setFilters(r.filters);
    });
  }, [setting, theme, governmentRole, groupSize]);
  useEffect(load, [load]);
  const [sessionNote, setSessionNote] = useState<string | null>(null);
  const loadSessions = useCallback(() => void api<{ sessions: SessionRow[] }>('/api/sessions').then((r) => setSessions(r.sessions)), []);
  useEffect(loadSessions, [loadSessions]);
  const remove = async (s: SessionRow) => {
    if (!window.confirm(t('library.confirmDelete', { title: s.title }))) return;
    try {
      await api(`/api/sessions/${encodeURIComponent(s.id)}/delete`, { method: 'POST' });
      setSessionNote(t('library.deleted', { title: s.title }));
      loadSessions();
    } catch (err) {
      setSessionNote(err instanceof ApiFailure ? err.message : t('errors.network'));
    }
  };

  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' });
    onLoggedOut();
  };
  const any = { value: '', label: t('library.any') };
  return (
    <Layout wide>
      <div className="title-row">
        <Heading level={1}>{t('library.title')}</Heading>
        <P>
          {user.name} · {user.organisationName} ({t(`roles.${user.role}`)}) · <Link href="/trainer/organisatie">{t('organisation.link')}</Link>{' '}
          <Button variant="subtle" onClick={logout}>
            {t('login.logout')}
          </Button>
        </P>
      </div>
      {user.memberships.length > 1 && <OrganisationSwitch user={user} onSwitched={onSwitched} />}
      {/* Outside the list, which disappears when its last session is deleted. */}
      <p className="utrecht-paragraph" role="status">
        {sessionNote}
      </p>
      {sessions.length > 0 && (
        <section aria-labelledby="sessions-title">
          <Heading level={2} id="sessions-title">
            {t('library.sessions')}
          </Heading>
          <ul className="session-list">
            {sessions.map((s) => (
              <li key={s.id}>
                {/* Who only follows the roll-out goes straight to the group report. */}
                <Link href={mayRun(user) ? `/trainer/sessions/${s.id}` : `/trainer/sessions/${s.id}/report`}>{s.title}</Link>
                {s.forOrganisation ? ` (${t('library.forOrganisation', { name: s.forOrganisation })})` : ''} — {t(`session.status.${s.status}`)}
                {mayRun(user) ? ` · ${t('library.code')} ${s.joinCode}` : ''} · {t('library.participants', { count: s.participants })}
                {mayRun(user) && s.status !== 'running' && (
                  <>
                    {' '}
                    <Button variant="subtle" onClick={() => void remove(s)}>
                      {t('library.delete', { title: s.title })}
                    </Button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="cases-title">
        <Heading level={2} id="cases-title">
          {t('library.cases')}
        </Heading>
        {filters && (
          <form className="filters" aria-label={t('library.filters')} onSubmit={(e) => e.preventDefault()}>
            <SelectField label={t('library.setting')} value={setting} onChange={setSetting} options={[any, ...filters.settings.map((s) => ({ value: s, label: t(`setting.${s}`) }))]} />
            <SelectField label={t('library.theme')} value={theme} onChange={setTheme} options={[any, ...filters.themes.map((s) => ({ value: s, label: t(`theme.${s}`) }))]} />
            <SelectField label={t('library.governmentRole')} value={governmentRole} onChange={setGovernmentRole} options={[any, ...filters.governmentRoles.map((s) => ({ value: s, label: t(`governmentRole.${s}`) }))]} />
            <TextField label={t('library.groupSize')} value={groupSize} onChange={setGroupSize} inputMode="numeric" maxLength={3} />
          </form>
        )}
        <p className="utrecht-paragraph" role="status">
          {t('library.count', { count: cases.length })}
        </p>
        <ul className="case-list">
          {cases.map((c) => (
            <li key={c.id}>
              <Card labelledBy={`case-${c.id}`}>
                <Heading level={3} id={`case-${c.id}`}>
                  {c.title}
                </Heading>
                <P>{c.summary}</P>
                <P className="meta">
                  {t(`setting.${c.setting}`)} · {t('library.minutes', { count: c.duration })} · {t('library.people', { min: c.groupSize.min, max: c.groupSize.max })} · {c.themes.map((x) => t(`theme.${x}`)).join(', ')}
                </P>
                {!mayRun(user) ? null : selected === c.id ? (
                  <CaseSetup caseId={c.id} user={user} clients={clients} onCancel={() => setSelected(null)} />
                ) : (
                  <Button onClick={() => setSelected(c.id)} aria-describedby={`case-${c.id}`}>
                    {t('library.choose')}
                  </Button>
                )}
              </Card>
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}

/** Work in another of one's organisations (e.g. a bureau and a municipality one also belongs to). */
function OrganisationSwitch({ user, onSwitched }: { user: User; onSwitched: (u: User) => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState(user.organisationId);
  const [error, setError] = useState<string | null>(null);
  const go = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await api<{ user: User }>('/api/auth/organisation', { method: 'POST', body: { organisationId: target } });
      onSwitched(r.user);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : t('errors.network'));
    }
  };
  return (
    <form className="org-switch" onSubmit={(e) => void go(e)}>
      <SelectField label={t('library.organisation')} value={target} onChange={setTarget} options={user.memberships.map((m) => ({ value: m.organisationId, label: `${m.organisationName} (${t(`roles.${m.role}`)})` }))} />
      <Button type="submit" disabled={target === user.organisationId}>
        {t('library.switch')}
      </Button>
      {error && <Alert type="error">{error}</Alert>}
    </form>
  );
}

function CaseSetup({ caseId, user, clients, onCancel }: { caseId: string; user: User; clients: { id: string; name: string }[]; onCancel: () => void }) {
  const { t } = useTranslation();
  const [owner, setOwner] = useState(user.organisationId);
  const [detail, setDetail] = useState<CaseDetail | null>(null);
  const [values, setValues] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    api<{ case: CaseDetail }>(`/api/cases/${caseId}`).then((r) => {
      setDetail(r.case);
      setValues(Object.fromEntries(r.case.variables.map((v) => [v.id, v.default])));
    });
  }, [caseId]);
  if (!detail) return <P>{t('common.loading')}</P>;
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await api<{ id: string; projectorToken: string }>('/api/sessions', { method: 'POST', body: { caseId, variables: values, organisationId: owner } });
      saveProjectorToken(r.id, r.projectorToken);
      navigate(`/trainer/sessions/${r.id}`);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : t('errors.network'));
      setBusy(false);
    }
  };
  return (
    <div className="case-setup">
      <details className="teaching-note">
        <summary>{t('library.teachingNote')}</summary>
        <Text text={detail.teachingNote} />
        <Heading level={4}>{t('library.learningGoals')}</Heading>
        <ul>
          {detail.learningGoals.map((g, i) => (
            <li key={i}>{g.text}</li>
          ))}
        </ul>
        <Heading level={4}>{t('library.roles')}</Heading>
        <ul>
          {detail.roles.map((r) => (
            <li key={r.id}>
              <strong>{r.name}</strong> ({t(`roleSide.${r.side}`)}): {r.description}
            </li>
          ))}
        </ul>
      </details>
      <form className="utrecht-form stack" onSubmit={create}>
        {clients.length > 0 && (
          <SelectField label={t('library.for')} value={owner} onChange={setOwner} options={[{ value: user.organisationId, label: user.organisationName }, ...clients.map((c) => ({ value: c.id, label: c.name }))]} />
        )}
        <Heading level={4}>{t('library.variables')}</Heading>
        {detail.variables.map((v) => (
          <TextField key={v.id} label={v.label} {...(v.description ? { description: v.description } : {})} value={values[v.id] ?? ''} onChange={(x) => setValues({ ...values, [v.id]: x })} maxLength={200} />
        ))}
        {error && <Alert type="error">{error}</Alert>}
        <div className="button-row">
          <Button type="submit" variant="primary" busy={busy} disabled={busy}>
            {t('library.create')}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        </div>
      </form>
    </div>
  );
}
