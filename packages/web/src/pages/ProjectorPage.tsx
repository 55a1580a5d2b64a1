/** The projector ("beamer"): big type, public content only, legible from the back of the room. */
import '../i18n/staff.js';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.js';
import { useSessionView } from '../api/useSessionView.js';
import { Countdown } from '../components/Countdown.js';
import { Debrief } from '../components/Debrief.js';
import { Layout } from '../components/Layout.js';
import { StepResults } from '../components/StepForm.js';
import { Alert, Heading, P, Text } from '../components/ui.js';

/** The token arrives in the URL fragment (never sent to a server) and is kept for reloads. */
function useProjectorToken(sessionId: string): string | null {
  const [token] = useState(() => {
    const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
    const k = `samenspel.beamer.${sessionId}`;
    if (fromHash) sessionStorage.setItem(k, fromHash);
    return fromHash ?? sessionStorage.getItem(k);
  });
  return token;
}

export function ProjectorPage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const token = useProjectorToken(sessionId);
  const live = useSessionView(sessionId, token);
  const view = live.view;
  const [joinCode, setJoinCode] = useState<string | null>(null);
  useEffect(() => {
    // The join code is not part of the session view; the projector may read the session's links.
    if (token) void api<{ joinCode: string }>(`/api/sessions/${sessionId}/links`, { token }).then((r) => setJoinCode(r.joinCode), () => undefined);
  }, [sessionId, token]);
  return (
    <Layout bare wide>
      <div className="projector">
        {!token && <Alert type="error">{t('projector.noToken')}</Alert>}
        {live.failed && <Alert type="error">{t('projector.noAccess')}</Alert>}
        {!view && !live.failed && token && <P>{t('common.loading')}</P>}
        {view && (
          <>
            <Heading level={1}>{view.title}</Heading>
            {view.paused && <Alert type="warning">{t('session.pausedNote')}</Alert>}
            {view.status === 'lobby' && (
              <div className="projector__lobby">
                <div>
                  <p className="projector__big">{t('projector.joinAt', { host: location.host })}</p>
                  {joinCode && (
                    <p className="join-code join-code--huge" aria-label={t('console.joinCodeAria', { code: joinCode.split('').join(' ') })}>
                      {joinCode}
                    </p>
                  )}
                  <p className="projector__big">{t('projector.joined', { count: view.participants.length })}</p>
                </div>
                {joinCode && <img className="qr qr--large" src={`/api/join/${joinCode}/qr.svg`} alt={t('projector.qrAlt')} width="360" height="360" />}
              </div>
            )}
            {view.status === 'running' && view.scene && (
              <section aria-labelledby="p-scene">
                <Heading level={2} id="p-scene">
                  {view.scene.title}
                </Heading>
                {(!view.step || view.step.status === 'open') && <Text text={view.scene.narrative} className="projector__text" />}
              </section>
            )}
            {view.status === 'running' && view.injects.length > 0 && (
              <section aria-labelledby="p-inject" className="card card--inject">
                <Heading level={2} id="p-inject">
                  {view.injects[view.injects.length - 1]!.title}
                </Heading>
                <Text text={view.injects[view.injects.length - 1]!.text} className="projector__text" />
              </section>
            )}
            {view.status === 'running' && view.step && (
              <section aria-labelledby="p-step" className="projector__step">
                <Heading level={2} id="p-step">
                  {view.step.prompt}
                </Heading>
                <Countdown deadline={view.step.deadline} remaining={view.step.remaining} clockOffset={live.clockOffset} large />
                {view.step.type !== 'discussion' && <p className="projector__big">{t('step.answeredCount', { count: view.step.answeredCount, total: view.step.eligibleCount })}</p>}
                {view.step.status === 'revealed' && <StepResults step={view.step} large />}
              </section>
            )}
            {view.status === 'ended' && (
              <>
                {view.ending && (
                  <section aria-labelledby="p-ending">
                    <Heading level={2} id="p-ending">
                      {view.ending.title}
                    </Heading>
                    <Text text={view.ending.text} className="projector__text" />
                  </section>
                )}
                <Debrief view={view} />
              </>
            )}
          </>
        )}
      </div>
    </Layout>
  );
}
