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

export function JoinPage({ code: initialCode }: { code: string | null }) {
  const { t } = useTranslation();
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
    api<JoinInfo>(`/api/join/${encodeURIComponent(initialCode)}`).then(
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
      {!info && (
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
