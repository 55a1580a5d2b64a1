/** Joining on a phone: the code (from the QR link or typed), a name, one's own side. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiFailure } from '../api/client.js';
import { Layout } from '../components/Layout.js';
import { Alert, Button, Heading, P, RadioGroup, TextField } from '../components/ui.js';
import { navigate } from '../router.js';
import { loadSeat, newSeatToken, saveSeat } from '../seats.js';

interface JoinInfo {
  sessionId: string;
  joinCode: string;
  title: string;
  status: string;
  seatsLeft: number;
  sides: string[];
}

/** The language the server answers a request without our own header in (its `langFrom`). */
function browserLanguage(): 'nl' | 'en' {
  for (const tag of navigator.languages ?? []) {
    if (tag.toLowerCase().startsWith('nl')) return 'nl';
    if (tag.toLowerCase().startsWith('en')) return 'en';
  }
  return 'nl';
}

/**
 * The session behind a code. A plain GET with no header of our own, so that Chromium hands over
 * the response that index.html told it to preload (server: http/static-web.ts) instead of asking
 * again; any extra header, such as the language `api()` sends, makes it a different request. An
 * error message then comes in the browser's language: when the page shows another, ask again
 * with the page's language (only then, as wrong codes count against the caller).
 */
async function lookUpCode(code: string, pageLanguage: string): Promise<JoinInfo> {
  const path = `/api/join/${encodeURIComponent(code)}`;
  const res = await fetch(path, { credentials: 'same-origin' });
  if (res.ok) return (await res.json()) as JoinInfo;
  if (browserLanguage() !== pageLanguage) return api<JoinInfo>(path);
  const err = ((await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null)?.error;
  throw new ApiFailure(res.status, err?.code ?? `http-${res.status}`, err?.message ?? res.statusText);
}

export function JoinPage({ code: initialCode }: { code: string | null }) {
  const { t, i18n } = useTranslation();
  const [code, setCode] = useState(initialCode ?? '');
  const [info, setInfo] = useState<JoinInfo | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [side, setSide] = useState<string | null>(null);
  const seatToken = useRef<string | null>(null);
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!initialCode) return;
    setInfo(null);
    setError(null);
    lookUpCode(initialCode, i18n.language).then(
      (i) => {
        if (loadSeat(i.sessionId)) navigate(`/play/${i.sessionId}`, true);
        else setInfo(i);
      },
      (e: unknown) => setError(e instanceof ApiFailure ? e.message : t('errors.network')),
    );
  }, [initialCode, t]);

  const lookUp = (e: FormEvent) => {
    e.preventDefault();
    const c = code.toUpperCase().replace(/[\s-]/g, '');
    if (c) navigate(`/join/${c}`);
  };

  const join = async (e: FormEvent) => {
    e.preventDefault();
    if (!info || busy) return;
    if (!name.trim()) return setError(t('join.nameRequired'));
    if (!side) return setError(t('join.sideRequired'));
    setBusy(true);
    setError(null);
    try {
      // One token per join attempt, reused on a retry, so a lost answer never joins twice.
      seatToken.current ??= newSeatToken();
      const r = await api<{ sessionId: string; participantId: string; seatToken: string }>(`/api/join/${info.joinCode}`, {
        method: 'POST',
        body: { name: name.trim(), side, seatToken: seatToken.current, ...(email.trim() ? { email: email.trim() } : {}) },
      });
      saveSeat(r);
      navigate(`/play/${r.sessionId}`, true);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : t('errors.network'));
      setBusy(false);
    }
  };

  return (
    <Layout>
      <Heading level={1}>{info ? info.title : t('join.title')}</Heading>
      {error && <Alert type="error">{error}</Alert>}
      {/* With a code in the link, the code field only comes back when the lookup fails: while it
          runs there is nothing to type, and a form that is replaced at once is only a flash. */}
      {!info && initialCode && !error && (
        <p className="utrecht-paragraph" role="status">
          {t('common.loading')}
        </p>
      )}
      {!info && (!initialCode || error) && (
        <form className="utrecht-form stack" onSubmit={lookUp}>
          <TextField label={t('join.code')} description={t('join.codeHelp')} value={code} onChange={setCode} autoComplete="off" maxLength={12} />
          <Button type="submit" variant="primary">
            {t('join.next')}
          </Button>
        </form>
      )}
      {info && info.status === 'ended' && <Alert type="warning">{t('join.ended')}</Alert>}
      {info && info.status !== 'ended' && (
        <form className="utrecht-form stack" onSubmit={join} noValidate>
          <P>{t('join.intro')}</P>
          <TextField label={t('join.name')} description={t('join.nameHelp')} value={name} onChange={setName} autoComplete="given-name" maxLength={40} required />
          <RadioGroup legend={t('join.side')} description={t('join.sideHelp')} name="side" value={side} onChange={setSide} options={info.sides.map((s) => ({ value: s, label: t(`side.${s}`) }))} />
          <TextField label={t('join.email')} description={t('join.emailHelp')} type="email" value={email} onChange={setEmail} autoComplete="email" />
          <Button type="submit" variant="primary" busy={busy} disabled={busy}>
            {t('join.submit')}
          </Button>
        </form>
      )}
    </Layout>
  );
}
