/**
 * Reports as printable pages: a participant's personal report and the trainer's session report.
 * "Print or save as PDF" uses the browser's own print dialog; the print style drops the chrome.
 */
import '../i18n/staff.js';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonalReport, SessionReport } from '@samenspel/engine';
import { api, ApiFailure } from '../api/client.js';
import { saveFile } from '../api/save-file.js';
import { RadarChart } from '../components/charts.js';
import { Layout } from '../components/Layout.js';
import { Alert, Button, Heading, P, Text } from '../components/ui.js';
import { Link } from '../router.js';
import { loadSeat } from '../seats.js';
import { readObserverToken } from './observer-token.js';

/** A programmabeheerder's report (`pseudonymised`) has no participant list, only their number. */
type Loaded = { kind: 'personal'; report: PersonalReport } | { kind: 'session'; report: SessionReport & { participantCount?: number }; pseudonymised?: boolean };

export function ReportPage({ sessionId, as, participantId }: { sessionId: string; as: 'participant' | 'trainer'; participantId?: string | null }) {
  const { t } = useTranslation();
  const [data, setData] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A co-trainer who came from a read-only link reads the trainer's reports with that token.
  const tokenFor = () => (as === 'participant' ? (loadSeat(sessionId)?.seatToken ?? null) : readObserverToken(sessionId));
  useEffect(() => {
    const token = tokenFor();
    const q = participantId ? `?participant=${encodeURIComponent(participantId)}` : '';
    api<Loaded>(`/api/sessions/${sessionId}/report${q}`, { token }).then(setData, (e: unknown) => setError(e instanceof ApiFailure ? e.message : t('errors.network')));
  }, [sessionId, as, participantId, t]);
  // A programmabeheerder reads the group report without names and has no console to go back to.
  const pseudonymised = data?.kind === 'session' && data.pseudonymised === true;
  const back = as === 'participant' ? `/play/${sessionId}` : participantId ? `/trainer/sessions/${sessionId}/report` : pseudonymised ? '/trainer' : `/trainer/sessions/${sessionId}`;
  return (
    <Layout>
      <P className="no-print">
        <Link href={back}>← {t('report.back')}</Link>
      </P>
      {error && <Alert type="error">{error}</Alert>}
      {!data && !error && <P>{t('common.loading')}</P>}
      {data && (
        <>
          <div className="no-print button-row">
            {data.kind === 'personal' && (
              <Button variant="primary" onClick={() => void downloadPdf(sessionId, tokenFor(), participantId ?? null).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))}>
                {t('report.pdf')}
              </Button>
            )}
            <Button onClick={() => window.print()}>{t('report.print')}</Button>
          </div>
          {data.kind === 'personal' ? <Personal r={data.report} /> : <Session r={data.report} sessionId={sessionId} personalLinks={!pseudonymised} />}
        </>
      )}
    </Layout>
  );
}

/** Fetches the PDF with the seat token in a header (never in a URL) and hands it to the browser as a download. */
async function downloadPdf(sessionId: string, token: string | null, participantId: string | null): Promise<void> {
  const q = participantId ? `?participant=${encodeURIComponent(participantId)}` : '';
  const res = await fetch(`/api/sessions/${sessionId}/report.pdf${q}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'accept-language': document.documentElement.lang }, credentials: 'same-origin' });
  if (!res.ok) throw new ApiFailure(res.status, 'pdf', ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? res.statusText);
  saveFile(await res.blob(), 'samenspel-verslag.pdf');
}

function pct(t: (k: string, o?: Record<string, unknown>) => string, a: { correct: number; total: number; rate: number | null }) {
  return a.rate === null ? t('debrief.noPredictions') : t('debrief.accuracyValue', { pct: Math.round(a.rate * 100), correct: a.correct, total: a.total });
}

function Personal({ r }: { r: PersonalReport }) {
  const { t } = useTranslation();
  return (
    <article className="report">
      <Heading level={1}>{t('report.personalTitle', { name: r.name })}</Heading>
      <P lead>
        {r.sessionTitle} · {r.date} · {t(`side.${r.side}`)}
      </P>
      <Heading level={2}>{t('report.roles')}</Heading>
      <ul>
        {r.roles.map((x) => (
          <li key={`${x.round}-${x.roleId}`}>
            {t('play.round', { n: x.round + 1 })}: {x.roleName}
          </li>
        ))}
      </ul>
      <Heading level={2}>{t('report.choices')}</Heading>
      {r.choices.length === 0 ? (
        <P>{t('report.none')}</P>
      ) : (
        <ul>
          {r.choices.map((c, i) => (
            <li key={i}>
              <strong>{c.prompt}</strong> — {c.answer}
              {c.outcome ? ` (${t('report.outcome', { outcome: c.outcome })})` : ''}
            </li>
          ))}
        </ul>
      )}
      <Heading level={2}>{t('debrief.accuracy')}</Heading>
      <dl className="facts">
        <dt>{t('debrief.beforeSwitch')}</dt>
        <dd>{pct(t, r.accuracy.before)}</dd>
        <dt>{t('debrief.afterSwitch')}</dt>
        <dd>{pct(t, r.accuracy.after)}</dd>
      </dl>
      <Heading level={2}>{t('debrief.profile')}</Heading>
      <RadarChart
        title={t('debrief.profile')}
        series={[
          { label: t('report.you'), profile: r.profile },
          { label: t('debrief.group'), profile: r.groupProfile },
        ]}
      />
      <Heading level={2}>{t('play.feedback')}</Heading>
      {r.feedback.length === 0 ? (
        <P>{t('report.none')}</P>
      ) : (
        r.feedback.map((f, i) => (
          <div key={i} className="card card--feedback">
            {f.scene && <P className="meta">{f.scene}</P>}
            <Text text={f.text} />
          </div>
        ))
      )}
      <Heading level={2}>{t('report.reflections')}</Heading>
      {r.reflections.length === 0 ? (
        <P>{t('report.none')}</P>
      ) : (
        r.reflections.map((x, i) => (
          <div key={i}>
            <P>
              <strong>{x.question}</strong>
            </P>
            <Text text={x.text} />
          </div>
        ))
      )}
      {r.ending && <P>{t('report.ending', { ending: r.ending })}</P>}
    </article>
  );
}

function Session({ r, sessionId, personalLinks }: { r: SessionReport & { participantCount?: number }; sessionId: string; personalLinks: boolean }) {
  const { t } = useTranslation();
  const d = r.debrief;
  const count = r.participantCount ?? r.participants.length;
  return (
    <article className="report">
      <Heading level={1}>{t('report.sessionTitle', { title: r.sessionTitle })}</Heading>
      <P lead>
        {r.caseTitle} · {r.date} · {t('library.participants', { count })}
        {r.ending ? ` · ${r.ending}` : ''}
      </P>
      {r.participants.length > 0 && <Heading level={2}>{t('console.participants', { count })}</Heading>}
      {r.participants.length > 0 && (
      <ul>
        {r.participants.map((p) => (
          <li key={p.id}>
            {p.name} ({t(`side.${p.side}`)})
            {personalLinks && (
              <>
                {' — '}
                <Link href={`/trainer/sessions/${sessionId}/report?participant=${encodeURIComponent(p.id)}`} className="no-print">
                  {t('report.personalLink', { name: p.name })}
                </Link>
              </>
            )}
          </li>
        ))}
      </ul>
      )}
      <Heading level={2}>{t('debrief.timeline')}</Heading>
      <ul>
        {r.timeline.map((x, i) => (
          <li key={i}>
            <strong>{x.scene}</strong>: {x.prompt} — {x.outcome} ({x.tally.map((c) => `${c.label}: ${c.count}`).join(', ')})
          </li>
        ))}
      </ul>
      <Heading level={2}>{t('debrief.profile')}</Heading>
      <RadarChart
        title={t('debrief.profile')}
        series={[{ label: t('debrief.group'), profile: d.groupProfile }, ...Object.entries(d.sideProfiles).map(([side, profile]) => ({ label: t(`side.${side}`), profile: profile! }))]}
      />
      <Heading level={2}>{t('debrief.accuracy')}</Heading>
      <dl className="facts">
        <dt>{t('debrief.beforeSwitch')}</dt>
        <dd>{pct(t, d.accuracy.beforeSwitch)}</dd>
        <dt>{t('debrief.afterSwitch')}</dt>
        <dd>{pct(t, d.accuracy.afterSwitch)}</dd>
      </dl>
      <Heading level={2}>{t('report.reflections')}</Heading>
      {r.reflections.map((x, i) => (
        <div key={i}>
          <P>
            <strong>{x.question}</strong>
          </P>
          <ul>
            {x.texts.map((y, j) => (
              <li key={j}>
                {y.name ? <strong>{y.name}: </strong> : null}
                {y.text}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <P>{t('report.feedbackCount', { count: r.feedbackCount })}</P>
    </article>
  );
}
