/** The participant's screen: role card, scene, the current step, results, injects, feedback. */
import { useTranslation } from 'react-i18next';
import type { Answer, SessionView } from '@samenspel/engine';
import { sendCommand } from '../api/client.js';
import { useSessionView } from '../api/useSessionView.js';
import { Countdown } from '../components/Countdown.js';
import { Debrief } from '../components/Debrief.js';
import { Layout } from '../components/Layout.js';
import { answerText, IdentityNote, StepForm, StepResults } from '../components/StepForm.js';
import { Alert, Card, Heading, P, Text } from '../components/ui.js';
import { Link } from '../router.js';
import { EndingCard } from '../components/EndingCard.js';
import { loadSeat } from '../seats.js';

export function PlayPage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const seat = loadSeat(sessionId);
  const live = useSessionView(sessionId, seat?.seatToken ?? null);
  if (!seat) {
    return (
      <Layout>
        <Heading level={1}>{t('play.noSeatTitle')}</Heading>
        <P>{t('play.noSeat')}</P>
        <P>
          <Link href="/join">{t('play.toJoin')}</Link>
        </P>
      </Layout>
    );
  }
  const { view } = live;
  return (
    <Layout>
      <ConnectionNote online={live.online} />
      {live.failed && (
        <>
          <Alert type="error">{t('play.noAccess')}</Alert>
          <P>
            <Link href="/join">{t('play.toJoin')}</Link>
          </P>
        </>
      )}
      {!view && !live.failed && <P>{t('common.loading')}</P>}
      {view && (
        <div data-seq={view.seq}>
          <PlayView sessionId={sessionId} view={view} clockOffset={live.clockOffset} onAnswer={(stepId, answer, key) => sendCommand(sessionId, { type: 'answer', stepId, answer }, seat.seatToken, key).then(() => undefined)} />
        </div>
      )}
    </Layout>
  );
}

export function ConnectionNote({ online }: { online: boolean }) {
  const { t } = useTranslation();
  return (
    <p className={`connection ${online ? 'connection--online' : 'connection--offline'}`} role="status">
      {online ? t('common.online') : t('common.offline')}
    </p>
  );
}

function PlayView({ sessionId, view, clockOffset, onAnswer }: { sessionId: string; view: SessionView; clockOffset: number; onAnswer: (stepId: string, a: Answer, idempotencyKey: string) => Promise<void> }) {
  const { t } = useTranslation();
  const me = view.me!;
  const step = view.step;
  return (
    <>
      <Heading level={1}>{view.title}</Heading>
      <P>{t('play.youAre', { name: me.name, side: t(`side.${me.side}`) })}</P>
      {view.paused && <Alert type="warning">{t('session.pausedNote')}</Alert>}
      {me.role ? (
        <Card labelledBy="role-title" tone="private">
          <Heading level={2} id="role-title">
            {t('play.yourRole', { role: me.role.name })}
          </Heading>
          <P>{me.role.description}</P>
          <details className="briefing" open={view.status === 'lobby' || undefined}>
            <summary>{t('play.briefing')}</summary>
            <Text text={me.role.briefing} />
          </details>
          {me.earlierRoles.length > 0 && <P>{t('play.earlierRoles', { roles: me.earlierRoles.map((id) => view.case.roles.find((r) => r.id === id)?.name ?? id).join(', ') })}</P>}
        </Card>
      ) : (
        view.status === 'lobby' && <Alert>{t('play.waitForRole')}</Alert>
      )}
      {view.status === 'lobby' && <P>{t('play.waitForStart')}</P>}
      {view.scene && (
        <Card labelledBy="scene-title">
          <Heading level={2} id="scene-title">
            {view.scene.title}
          </Heading>
          <Text text={view.scene.narrative} />
          {view.scene.private && (
            <div className="private-text">
              <Heading level={3}>{t('play.onlyForYou')}</Heading>
              <Text text={view.scene.private} />
            </div>
          )}
        </Card>
      )}
      {view.injects.length > 0 && (
        <Card labelledBy="injects-title" tone="inject">
          <Heading level={2} id="injects-title">
            {t('play.injects')}
          </Heading>
          {[...view.injects].reverse().map((i) => (
            <article key={i.id + i.at} className="inject">
              <Heading level={3}>{i.title}</Heading>
              <Text text={i.text} />
            </article>
          ))}
        </Card>
      )}
      {view.consequences.length > 0 && (
        <Card labelledBy="consequences-title">
          <Heading level={2} id="consequences-title">
            {t('play.consequences')}
          </Heading>
          {view.consequences.map((c, i) => (
            <div key={i}>
              {c.label && <Heading level={3}>{c.label}</Heading>}
              <Text text={c.text} />
            </div>
          ))}
        </Card>
      )}
      {step && view.status === 'running' && (
        <Card labelledBy="step-title" className="step">
          <Heading level={2} id="step-title">
            {t(`step.type.${step.type}`)}
          </Heading>
          <Countdown deadline={step.deadline} remaining={step.remaining} clockOffset={clockOffset} />
          {step.predicts && <P>{t('step.predictsIntro', { prompt: step.predicts.prompt })}</P>}
          {step.type === 'discussion' && (
            <>
              <P lead>{step.prompt}</P>
              <P>{t('step.discussion')}</P>
            </>
          )}
          {step.type !== 'discussion' && step.status === 'open' && step.mine && !step.mine.answer && (step.mine.eligible || step.mine.mayChair) && (
            <>
              <IdentityNote step={step} />
              <StepForm key={step.key} step={step} onAnswer={(a, key) => onAnswer(step.id, a, key)} />
            </>
          )}
          {step.type !== 'discussion' && step.mine?.answer && (
            <Alert type="ok">
              {t('step.answered')} <strong>{answerText(step, step.mine.answer)}</strong>
            </Alert>
          )}
          {step.type !== 'discussion' && step.status === 'open' && step.mine && !step.mine.answer && !step.mine.eligible && !step.mine.mayChair && (
            <>
              <P lead>{step.prompt}</P>
              <P>{t('step.notForYou')}</P>
            </>
          )}
          {step.status === 'open' && step.type !== 'discussion' && <P>{t('step.answeredCount', { count: step.answeredCount, total: step.eligibleCount })}</P>}
          {step.status === 'closed' && <P>{t('step.closed')}</P>}
          {step.status === 'revealed' && <StepResults step={step} />}
        </Card>
      )}
      {view.feedback.length > 0 && (
        <Card labelledBy="feedback-title" tone="feedback">
          <Heading level={2} id="feedback-title">
            {t('play.feedback')}
          </Heading>
          {view.feedback.map((f, i) => (
            <Text key={i} text={f.text} />
          ))}
        </Card>
      )}
      {view.myPredictions && view.myPredictions.length > 0 && (
        <Card labelledBy="predictions-title">
          <Heading level={2} id="predictions-title">
            {t('play.predictions')}
          </Heading>
          <ul>
            {view.myPredictions.map((p, i) => (
              <li key={i}>
                {p.correct ? t('play.predictionRight') : t('play.predictionWrong')} ({t('play.round', { n: p.round + 1 })})
              </li>
            ))}
          </ul>
        </Card>
      )}
      {view.status === 'ended' && (
        <EndingCard view={view} reportHref={`/play/${sessionId}/report`} reportLabel={t('report.myReport')}>
          <Debrief view={view} headingLevel={3} />
        </EndingCard>
      )}
      {view.history.some((h) => h.status === 'revealed') && (
        <details className="history">
          <summary>{t('play.history')}</summary>
          {view.history
            .filter((h) => h.status === 'revealed')
            .map((h) => (
              <div key={h.key} className="history__item">
                <P>
                  <strong>{h.prompt}</strong>
                </P>
                <StepResults step={h} />
              </div>
            ))}
        </details>
      )}
    </>
  );
}
