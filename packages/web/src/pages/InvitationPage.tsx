/**
 * `/uitnodiging#<token>`: an invitation to join an organisation. The token stays in the fragment
 * (never sent as part of a URL) and goes to the server in request bodies only. Accept with the
 * account one is logged in with, log in first, or make a new account.
 */
import '../i18n/staff.js';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiFailure } from '../api/client.js';
import { Layout } from '../components/Layout.js';
import { Alert, Button, Heading, P, RadioGroup, TextField } from '../components/ui.js';
import { Link, navigate } from '../router.js';

interface Lookup {
  organisationName: string;
  role: string;
  expiresAt: number;
  alreadyMember: boolean;
}

const MIN_PASSWORD = 12;

export function InvitationPage() {
  const { t } = useTranslation();
  const [token] = useState(() => location.hash.replace(/^#/, ''));
  const [invitation, setInvitation] = useState<Lookup | null>(null);
  const [me, setMe] = useState<{ name: string } | null | undefined>(undefined);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    if (!token) {
      setFailed(t('invitation.noToken'));
      return;
    }
    api<Lookup>('/api/invitations/lookup', { method: 'POST', body: { token } }).then(setInvitation, (e: unknown) => setFailed(e instanceof ApiFailure ? e.message : t('errors.network')));
    api<{ user: { name: string } }>('/api/auth/me').then(
      (r) => setMe(r.user),
      () => setMe(null),
    );
  }, [token, t]);

  if (failed)
    return (
      <Layout>
        <Heading level={1}>{t('invitation.title')}</Heading>
        <Alert type="error">{failed}</Alert>
      </Layout>
    );
  if (!invitation || me === undefined)
    return (
      <Layout>
        <P>{t('common.loading')}</P>
      </Layout>
    );
  return (
    <Layout>
      <Heading level={1}>{t('invitation.title')}</Heading>
      <P lead>{t('invitation.text', { organisation: invitation.organisationName, role: t(`roles.${invitation.role}`) })}</P>
      <P>{t(`invitation.roleText.${invitation.role}`)}</P>
      {invitation.alreadyMember ? (
        <>
          <Alert type="info">{t('invitation.alreadyMember')}</Alert>
          <P>
            <Link href="/trainer">{t('invitation.toStart')}</Link>
          </P>
        </>
      ) : me ? (
        <AcceptAsMe token={token} name={me.name} onLoggedOut={() => setMe(null)} />
      ) : (
        <AcceptAnonymous token={token} onLoggedIn={(u) => setMe(u)} />
      )}
    </Layout>
  );
}

async function accept(token: string, account?: { name: string; email: string; password: string }) {
  await api('/api/invitations/accept', { method: 'POST', body: account ? { token, account } : { token } });
  // The fragment has done its work; it should not linger in the history.
  history.replaceState(null, '', '/uitnodiging');
  navigate('/trainer');
}

function AcceptAsMe({ token, name, onLoggedOut }: { token: string; name: string; onLoggedOut: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await accept(token);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t('errors.network'));
      setBusy(false);
    }
  };
  return (
    <div className="stack">
      <P>{t('invitation.loggedInAs', { name })}</P>
      {error && <Alert type="error">{error}</Alert>}
      <div className="button-row">
        <Button variant="primary" onClick={() => void go()} busy={busy} disabled={busy}>
          {t('invitation.accept')}
        </Button>
        {/* Someone else's login on a shared computer: accept with one's own account instead. */}
        <Button variant="subtle" onClick={() => void api('/api/auth/logout', { method: 'POST' }).then(onLoggedOut, onLoggedOut)}>
          {t('invitation.notMe', { name })}
        </Button>
      </div>
    </div>
  );
}

function AcceptAnonymous({ token, onLoggedIn }: { token: string; onLoggedIn: (u: { name: string }) => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'new' | 'existing'>('new');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const tooShort = mode === 'new' && password.length > 0 && password.length < MIN_PASSWORD;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (mode === 'new' && password.length < MIN_PASSWORD) {
      setError(t('invitation.passwordTooShort', { count: MIN_PASSWORD }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (mode === 'new') await accept(token, { name, email, password });
      else {
        const r = await api<{ user: { name: string } }>('/api/auth/login', { method: 'POST', body: { email, password } });
        onLoggedIn(r.user);
      }
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : t('errors.network'));
      setBusy(false);
    }
  };
  return (
    <form className="utrecht-form stack" onSubmit={(e) => void submit(e)}>
      <RadioGroup
        legend={t('invitation.how')}
        name="account"
        value={mode}
        onChange={(v) => {
          setMode(v === 'existing' ? 'existing' : 'new');
          setError(null);
        }}
        options={[
          { value: 'new', label: t('invitation.newAccount') },
          { value: 'existing', label: t('invitation.existingAccount') },
        ]}
      />
      {mode === 'new' && <TextField label={t('invitation.name')} value={name} onChange={setName} autoComplete="name" required maxLength={200} />}
      <TextField label={t('login.email')} type="email" value={email} onChange={setEmail} autoComplete={mode === 'new' ? 'email' : 'username'} required maxLength={200} />
      <TextField
        label={t('login.password')}
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete={mode === 'new' ? 'new-password' : 'current-password'}
        required
        maxLength={200}
        invalid={tooShort}
        {...(mode === 'new' ? { description: t('invitation.passwordHelp', { count: MIN_PASSWORD }) } : {})}
      />
      {error && <Alert type="error">{error}</Alert>}
      <Button type="submit" variant="primary" busy={busy} disabled={busy}>
        {mode === 'new' ? t('invitation.createAndAccept') : t('invitation.loginFirst')}
      </Button>
    </form>
  );
}
