/** The trainer's console: lobby, steering the steps, injects, feedback, debrief. */
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '@samenspel/engine';
import { api, ApiFailure, sendCommand, type ClientCommand } from '../api/client.js';
import { useSessionView } from '../api/useSessionView.js';
import { Countdown } from '../components/Countdown.js';
import { Debrief } from '../components/Debrief.js';
import { Layout } from '../components/Layout.js';
import { StepForm, StepResults } from '../components/StepForm.js';
import { Alert, Button, Card, Heading, P, SelectField, Text, TextField } from '../components/ui.js';
import { Link } from '../router.js';
import { ConnectionNote } from './PlayPage.js';
import { loadProjectorToken, saveProjectorToken } from './projector-token.js';

export function ConsolePage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const live = useSessionView(sessionId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (command: ClientCommand) => {
    setBusy(command.type);
    setError(null);
    try {
      await sendCommand(sessionId, command);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t('errors.network'));
    } finally {
      setBusy(null);
    }
  };
  const view = live.view;
  return (
    <Layout wide>
      <P>
        <Link href="/trainer">← {t('console.back')}</Link>
      </P>
      <ConnectionNote online={live.online} />
      {live.failed && <Alert type="error">{t('console.noAccess')}</Alert>}
      {!view && !live.failed && <P>{t('common.loading')}</P>}
      {view && (
        // data-seq: which session state this screen shows (for tests and support).
        <div data-seq={view.seq}>
          <Heading level={1}>{view.title}</Heading>
          <P>
            {t(`session.status.${view.status}`)}
            {view.paused ? ` · ${t('session.paused')}` : ''} · {t('console.round', { n: view.round + 1 })}
          </P>
          {error && <Alert type="error">{error}</Alert>}
          <Controls view={view} run={run} busy={busy} />
          <div className="console-grid">
            <div className="console-grid__main">
              {view.status === 'lobby' && <Lobby sessionId={sessionId} />}
              {view.status === 'running' && <CurrentScene view={view} clockOffset={live.clockOffset} sessionId={sessionId} />}
              {view.status === 'ended' && (
                <Card labelledBy="ending-title">
                  <Heading level={2} id="ending-title">
                    {view.ending?.title ?? t('session.ended')}
                  </Heading>
                  {view.ending && <Text text={view.ending.text} />}
                  <P>
                    <Link href={`/trainer/sessions/${sessionId}/report`}>{t('report.sessionLink')}</Link>
                  </P>
                </Card>
              )}
              {view.status !== 'lobby' && view.debrief && <Debrief view={view} />}
            </div>
            <div className="console-grid__side">
              <Participants view={view} run={run} />
              {view.status === 'running' && <Injects view={view} run={run} busy={busy} />}
              {view.status !== 'lobby' && (view.status !== 'ended' || view.feedback.length > 0) && <FeedbackForm view={view} run={run} />}
              {view.status !== 'lobby' && <Downloads sessionId={sessionId} />}
            </div>
          </div>
        </div>
      )}
    </Layout>
  );
}

type Run = (c: ClientCommand) => Promise<void>;

function Controls({ view, run, busy }: { view: SessionView; run: Run; busy: string | null }) {
  const { t } = useTranslation();
  const step = view.step;
  const b = (type: ClientCommand['type'], label: string, variant: 'primary' | 'secondary' | 'danger' = 'secondary', command?: ClientCommand) => (
    <Button key={type} variant={variant} busy={busy === type} disabled={busy !== null} onClick={() => void run(command ?? ({ type } as ClientCommand))}>
      {label}
    </Button>
  );
  return (
    <nav className="controls button-row" aria-label={t('console.controls')}>
      {view.status === 'lobby' && (
        <>
          {b('assign-roles', t('console.autoAssign'))}
          {b('start', t('console.start'), 'primary')}
        </>
      )}
      {view.status === 'running' && (
        <>
          {step?.status === 'open' && step.type !== 'discussion' && b('close-step', t('console.close'))}
          {step && step.status !== 'revealed' && step.type !== 'discussion' && b('reveal-step', t('console.reveal'), 'primary')}
          {b('advance', t('console.advance'), step?.status === 'revealed' || step?.type === 'discussion' ? 'primary' : 'secondary')}
          {step?.status === 'open' && (step.deadline !== null || step.remaining !== null) && b('extend-timer', t('console.extend'), 'secondary', { type: 'extend-timer', seconds: 60 })}
          {view.participants.some((p) => !p.roleId) && b('assign-roles', t('console.assignNewcomers'))}
          {view.paused ? b('resume', t('console.resume')) : b('pause', t('console.pause'))}
          {b('switch-perspectives', t('console.switch'))}
          {b('end', t('console.end'), 'danger')}
        </>
      )}
    </nav>
  );
}

function Lobby({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const [links, setLinks] = useState<{ joinCode: string; links: { join: string } } | null>(null);
  const [projector, setProjector] = useState<string | null>(() => loadProjectorToken(sessionId));
  useEffect(() => {
    void api<{ joinCode: string; links: { join: string } }>(`/api/sessions/${sessionId}/links`).then(setLinks);
  }, [sessionId]);
  const newProjectorLink = async () => {
    const r = await api<{ projectorToken: string }>(`/api/sessions/${sessionId}/projector-link`, { method: 'POST' });
    saveProjectorToken(sessionId, r.projectorToken);
    setProjector(r.projectorToken);
  };
  if (!links) return null;
  return (
    <Card labelledBy="lobby-title">
      <Heading level={2} id="lobby-title">
        {t('console.lobby')}
      </Heading>
      <div className="lobby">
        <div>
          <P>{t('console.joinCode')}</P>
          <p className="join-code" aria-label={t('console.joinCodeAria', { code: links.joinCode.split('').join(' ') })}>
            {links.joinCode}
          </p>
          <P>
            {t('console.joinAt')} <a className="utrecht-link" href={links.links.join}>{links.links.join}</a>
          </P>
          <P>
            {projector ? (
              <a className="utrecht-link" href={`/beamer/${sessionId}#token=${projector}`} target="_blank" rel="noreferrer">
                {t('console.openProjector')}
              </a>
            ) : (
              <Button onClick={() => void newProjectorLink()}>{t('console.newProjectorLink')}</Button>
            )}
          </P>
        </div>
        <img className="qr" src={`/api/join/${links.joinCode}/qr.svg`} alt={t('console.qrAlt', { url: links.links.join })} width="200" height="200" />
      </div>
    </Card>
  );
}

function CurrentScene({ view, clockOffset, sessionId }: { view: SessionView; clockOffset: number; sessionId: string }) {
  const { t } = useTranslation();
  const step = view.step;
  const name = (id: string) => view.participants.find((p) => p.id === id)?.name ?? id;
  return (
    <Card labelledBy="scene-title">
      {view.scene && (
        <>
          <Heading level={2} id="scene-title">
            {t('console.scene')}: {view.scene.title}
          </Heading>
          <details>
            <summary>{t('console.narrative')}</summary>
            <Text text={view.scene.narrative} />
            {Object.entries(view.scene.privateByRole ?? {}).map(([role, text]) => (
              <div key={role} className="private-text">
                <Heading level={4}>{t('console.privateFor', { role: view.case.roles.find((r) => r.id === role)?.name ?? role })}</Heading>
                <Text text={text} />
              </div>
            ))}
          </details>
        </>
      )}
      {step && (
        <div className="step">
          <Heading level={3}>
            {t(`step.type.${step.type}`)} · {t(`step.status.${step.status}`)}
          </Heading>
          <P lead>{step.prompt}</P>
          <Countdown deadline={step.deadline} remaining={step.remaining} clockOffset={clockOffset} />
          {step.type !== 'discussion' && (
            <>
              <P>{t('step.answeredCount', { count: step.answeredCount, total: step.eligibleCount })}</P>
              {step.waitingFor && step.waitingFor.length > 0 && step.status === 'open' && <P>{t('console.waitingFor', { names: step.waitingFor.map(name).join(', ') })}</P>}
              {step.missing && step.missing.length > 0 && <P>{t('console.missing', { names: step.missing.map(name).join(', ') })}</P>}
            </>
          )}
          {step.trainerDecides && step.status === 'open' && (
            <div className="trainer-decides">
              <P>{t('console.trainerDecides')}</P>
              <StepForm key={step.key} step={step} onAnswer={(answer, key) => sendCommand(sessionId, { type: 'answer', stepId: step.id, answer }, null, key).then(() => undefined)} />
            </div>
          )}
          <StepResults step={step} onModerate={(ref, visible) => sendCommand(sessionId, { type: 'moderate', stepKey: step.key, ref, visible }).then(() => undefined)} />
        </div>
      )}
    </Card>
  );
}

function Participants({ view, run }: { view: SessionView; run: Run }) {
  const { t } = useTranslation();
  const answered = new Set(view.step?.answeredBy ?? []);
  const eligible = new Set([...(view.step?.answeredBy ?? []), ...(view.step?.waitingFor ?? [])]);
  const roleName = (id: string | null) => (id ? (view.case.roles.find((r) => r.id === id)?.name ?? id) : t('console.noRole'));
  const assign = (pid: string, roleId: string) => {
    const current = Object.fromEntries(view.participants.filter((p) => p.roleId).map((p) => [p.id, p.roleId!]));
    void run({ type: 'assign-roles', assignments: { ...current, [pid]: roleId } });
  };
  return (
    <Card labelledBy="participants-title">
      <Heading level={2} id="participants-title">
        {t('console.participants', { count: view.participants.length })}
      </Heading>
      {view.participants.length === 0 && <P>{t('console.nobodyYet')}</P>}
      <ul className="participants">
        {view.participants.map((p) => (
          <li key={p.id} className="participants__item">
            <span className={`dot ${p.connected ? 'dot--on' : 'dot--off'}`} aria-hidden="true" />
            <strong>{p.name}</strong> <span className="meta">({t(`side.${p.side}`)})</span>
            <span className="visually-hidden">{p.connected ? t('console.connected') : t('console.disconnected')}</span>
            {!p.connected && <span className="meta"> · {t('console.disconnected')}</span>}
            {view.status === 'lobby' ? (
              <SelectField className="inline-select" label={t('console.roleFor', { name: p.name })} value={p.roleId ?? ''} onChange={(r) => r && assign(p.id, r)} options={[{ value: '', label: t('console.noRole') }, ...view.case.roles.map((r) => ({ value: r.id, label: r.name }))]} />
            ) : (
              <span> — {roleName(p.roleId)}</span>
            )}
            {view.step && eligible.has(p.id) && <span className="meta"> · {answered.has(p.id) ? t('console.hasAnswered') : t('console.notYet')}</span>}
            {view.status !== 'ended' && <ManageParticipant view={view} participantId={p.id} run={run} />}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Injects({ view, run, busy }: { view: SessionView; run: Run; busy: string | null }) {
  const { t } = useTranslation();
  const fired = new Set(view.injects.map((i) => i.id));
  if (!view.injectMenu?.length) return null;
  return (
    <Card labelledBy="injects-title">
      <Heading level={2} id="injects-title">
        {t('console.injects')}
      </Heading>
      <ul className="injects">
        {view.injectMenu.map((i) => (
          <li key={i.id}>
            <strong>{i.title}</strong> <span className="meta">({i.to ? i.to.map((r) => view.case.roles.find((x) => x.id === r)?.name ?? r).join(', ') : t('console.everybody')})</span>
            {fired.has(i.id) ? (
              <span className="meta"> · {t('console.fired')}</span>
            ) : (
              <Button disabled={busy !== null} onClick={() => void run({ type: 'fire-inject', injectId: i.id })}>
                {t('console.fire', { title: i.title })}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function FeedbackForm({ view, run }: { view: SessionView; run: Run }) {
  const { t } = useTranslation();
  const [pid, setPid] = useState(view.participants[0]?.id ?? '');
  const [text, setText] = useState('');
  const [sent, setSent] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!pid || !text.trim()) return;
    await run({ type: 'write-feedback', participantId: pid, text: text.trim() });
    setText('');
    setSent(true);
  };
  return (
    <Card labelledBy="feedback-title">
      <Heading level={2} id="feedback-title">
        {t('console.feedback')}
      </Heading>
      {view.status !== 'ended' && (
        <form className="utrecht-form stack" onSubmit={submit}>
          <SelectField label={t('console.feedbackTo')} value={pid} onChange={setPid} options={view.participants.map((p) => ({ value: p.id, label: p.name }))} />
          <TextField label={t('console.feedbackText')} value={text} onChange={(v) => { setText(v); setSent(false); }} multiline maxLength={2000} />
          <Button type="submit">{t('console.sendFeedback')}</Button>
          {sent && <p className="utrecht-paragraph" role="status">{t('console.feedbackSent')}</p>}
        </form>
      )}
      {view.feedback.length > 0 && (
        <ul>
          {view.feedback.map((f, i) => (
            <li key={i}>
              <strong>{view.participants.find((p) => p.id === f.participantId)?.name}</strong>: {f.text}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Rename, remove, or hand a role to another device: tucked away so the list stays calm. */
function ManageParticipant({ view, participantId, run }: { view: SessionView; participantId: string; run: Run }) {
  const { t } = useTranslation();
  const p = view.participants.find((x) => x.id === participantId)!;
  const [name, setName] = useState(p.name);
  const [to, setTo] = useState('');
  const others = view.participants.filter((x) => x.id !== p.id);
  return (
    <details className="manage">
      <summary>{t('console.manage', { name: p.name })}</summary>
      <form
        className="utrecht-form stack"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim() && name.trim() !== p.name) void run({ type: 'rename', participantId: p.id, name: name.trim() });
        }}
      >
        <TextField label={t('console.newName')} value={name} onChange={setName} maxLength={40} />
        <Button type="submit">{t('console.rename')}</Button>
      </form>
      {p.roleId && others.length > 0 && (
        <form
          className="utrecht-form stack"
          onSubmit={(e) => {
            e.preventDefault();
            if (to) void run({ type: 'hand-over', from: p.id, to });
          }}
        >
          <SelectField label={t('console.handOverTo')} value={to} onChange={setTo} options={[{ value: '', label: '—' }, ...others.map((x) => ({ value: x.id, label: x.name }))]} />
          <Button type="submit">{t('console.handOver')}</Button>
        </form>
      )}
      <div className="button-row">
        <Button
          variant="danger"
          onClick={() => {
            if (window.confirm(t('console.removeConfirm', { name: p.name }))) void run({ type: 'remove', participantId: p.id });
          }}
        >
          {t('console.remove')}
        </Button>
      </div>
    </details>
  );
}

function Downloads({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const files = [
    ['tables.xlsx', t('console.downloadXlsx')],
    ['participants.csv', t('console.downloadParticipants')],
    ['roles_per_round.csv', t('console.downloadRoles')],
    ['choices.csv', t('console.downloadChoices')],
    ['predictions.csv', t('console.downloadPredictions')],
    ['reflections.csv', t('console.downloadReflections')],
    ['events.csv', t('console.downloadEvents')],
    ['log.json', t('console.downloadLog')],
  ] as const;
  return (
    <Card labelledBy="downloads-title">
      <Heading level={2} id="downloads-title">
        {t('console.downloads')}
      </Heading>
      <P>{t('console.downloadsNote')}</P>
      <ul>
        {files.map(([file, label]) => (
          <li key={file}>
            <a className="utrecht-link" href={`/api/sessions/${sessionId}/export/${file}`} download>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </Card>
  );
}
