/**
 * The trainer's console: lobby, steering the steps, injects, feedback, debrief. Opened with
 * `#observer=<token>` it is a co-trainer's read-only copy: the same view, no controls.
 */
import '../i18n/staff.js';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '@samenspel/engine';
import { api, ApiFailure, sendCommand, type ClientCommand } from '../api/client.js';
import { useSessionView } from '../api/useSessionView.js';
import { Countdown } from '../components/Countdown.js';
import { Debrief } from '../components/Debrief.js';
import { Layout } from '../components/Layout.js';
import { StepForm, StepResults } from '../components/StepForm.js';
import { Alert, Button, Card, Heading, P, Text, TextField } from '../components/ui.js';
import { SelectField } from '../components/SelectField.js';
import { Link } from '../router.js';
import { EndingCard } from '../components/EndingCard.js';
import { ConnectionNote } from './PlayPage.js';
import { readObserverToken } from './observer-token.js';
import { loadProjectorToken, saveProjectorToken } from './projector-token.js';

export function ConsolePage({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  // Read once: the token decides who this screen is for as long as it is open.
  const [observerToken] = useState(() => readObserverToken(sessionId));
  const readOnly = observerToken !== null;
  const live = useSessionView(sessionId, observerToken);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const run = async (command: ClientCommand) => {
    // No control is shown read-only; this only keeps a stray handler from trying (the server refuses anyway).
    if (readOnly) return;
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
  // The stream cannot say why it stopped. For a co-trainer, a refused /view means the trainer made
  // a new link (which revokes this one): say so instead of showing a stale screen as "offline".
  const [revoked, setRevoked] = useState(false);
  const hadView = live.view !== null;
  useEffect(() => {
    if (!observerToken || live.online || !hadView) return;
    let cancelled = false;
    api(`/api/sessions/${sessionId}/view`, { token: observerToken }).then(
      () => undefined,
      (e: unknown) => {
        if (!cancelled && e instanceof ApiFailure && (e.status === 401 || e.status === 403)) setRevoked(true);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [sessionId, observerToken, live.online, hadView]);
  const failed = live.failed || revoked;
  const view = revoked ? null : live.view;
  return (
    <Layout wide>
      {/* The session list needs a trainer's login, which an observer does not have. */}
      {!readOnly && (
        <P>
          <Link href="/trainer">← {t('console.back')}</Link>
        </P>
      )}
      {!failed && <ConnectionNote online={live.online} />}
      {/* Every page state has a level-one heading, also when there is no session to show. */}
      {failed && <Heading level={1}>{readOnly ? t('console.observer.heading') : t('console.noAccessTitle')}</Heading>}
      {failed && <Alert type="error">{readOnly ? t('console.observer.noAccess') : t('console.noAccess')}</Alert>}
      {!view && !failed && <P>{t('common.loading')}</P>}
      {view && (
        // data-seq: which session state this screen shows (for tests and support).
        <div data-seq={view.seq}>
          <Heading level={1}>{view.title}</Heading>
          {readOnly && (
            <Alert type="info">
              <p className="utrecht-paragraph">
                <strong>{t('console.observer.notice')}</strong> {t('console.observer.noticeText')}
              </p>
            </Alert>
          )}
          <P>
            {t(`session.status.${view.status}`)}
            {view.paused ? ` · ${t('session.paused')}` : ''} · {t('console.round', { n: view.round + 1 })}
          </P>
          {error && <Alert type="error">{error}</Alert>}
          {!readOnly && <Controls view={view} run={run} busy={busy} />}
          <div className="console-grid">
            <div className="console-grid__main">
              {view.status === 'lobby' && <Lobby sessionId={sessionId} observerToken={observerToken} />}
              {view.status === 'running' && <CurrentScene view={view} clockOffset={live.clockOffset} sessionId={sessionId} readOnly={readOnly} />}
              {view.status === 'ended' && (
                <EndingCard view={view} reportHref={`/trainer/sessions/${sessionId}/report`} reportLabel={t('report.sessionLink')} />
              )}
              {view.status !== 'lobby' && view.debrief && <Debrief view={view} />}
            </div>
            <div className="console-grid__side">
              {!readOnly && <ShareObserverLink sessionId={sessionId} />}
              <Participants view={view} run={run} readOnly={readOnly} />
              {view.status === 'running' && <Injects view={view} run={run} busy={busy} readOnly={readOnly} />}
              {view.status !== 'lobby' && ((view.status !== 'ended' && !readOnly) || view.feedback.length > 0) && <FeedbackForm view={view} run={run} readOnly={readOnly} />}
              {/* Exports are the trainer's alone (the server refuses an observer). */}
              {view.status !== 'lobby' && !readOnly && <Downloads sessionId={sessionId} />}
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

function Lobby({ sessionId, observerToken }: { sessionId: string; observerToken: string | null }) {
  const { t } = useTranslation();
  const [links, setLinks] = useState<{ joinCode: string; links: { join: string } } | null>(null);
  const [projector, setProjector] = useState<string | null>(() => loadProjectorToken(sessionId));
  useEffect(() => {
    void api<{ joinCode: string; links: { join: string } }>(`/api/sessions/${sessionId}/links`, { token: observerToken }).then(setLinks);
  }, [sessionId, observerToken]);
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
          {/* Making a projector link is the trainer's; an observer has no projector token either. */}
          {!observerToken && (
            <P>
              {projector ? (
                <a className="utrecht-link" href={`/beamer/${sessionId}#token=${projector}`} target="_blank" rel="noreferrer">
                  {t('console.openProjector')}
                </a>
              ) : (
                <Button onClick={() => void newProjectorLink()}>{t('console.newProjectorLink')}</Button>
              )}
            </P>
          )}
        </div>
        <img className="qr" src={`/api/join/${links.joinCode}/qr.svg`} alt={t('console.qrAlt', { url: links.links.join })} width="200" height="200" />
      </div>
    </Card>
  );
}

function CurrentScene({ view, clockOffset, sessionId, readOnly }: { view: SessionView; clockOffset: number; sessionId: string; readOnly: boolean }) {
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
                {/* Level 3 under the scene's level 2: a skipped level confuses screen-reader navigation (axe heading-order). */}
                <Heading level={3}>{t('console.privateFor', { role: view.case.roles.find((r) => r.id === role)?.name ?? role })}</Heading>
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
              {!readOnly && <StepForm key={step.key} step={step} onAnswer={(answer, key) => sendCommand(sessionId, { type: 'answer', stepId: step.id, answer }, null, key).then(() => undefined)} />}
            </div>
          )}
          {/* Without onModerate the results have no hide/show buttons. */}
          <StepResults step={step} onModerate={readOnly ? undefined : (ref, visible) => sendCommand(sessionId, { type: 'moderate', stepKey: step.key, ref, visible }).then(() => undefined)} />
        </div>
      )}
    </Card>
  );
}

function Participants({ view, run, readOnly }: { view: SessionView; run: Run; readOnly: boolean }) {
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
            {view.status === 'lobby' && !readOnly ? (
              <SelectField className="inline-select" label={t('console.roleFor', { name: p.name })} value={p.roleId ?? ''} onChange={(r) => r && assign(p.id, r)} options={[{ value: '', label: t('console.noRole') }, ...view.case.roles.map((r) => ({ value: r.id, label: r.name }))]} />
            ) : (
              <span> — {roleName(p.roleId)}</span>
            )}
            {view.step && eligible.has(p.id) && <span className="meta"> · {answered.has(p.id) ? t('console.hasAnswered') : t('console.notYet')}</span>}
            {view.status !== 'ended' && !readOnly && <ManageParticipant view={view} participantId={p.id} run={run} />}
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Injects({ view, run, busy, readOnly }: { view: SessionView; run: Run; busy: string | null; readOnly: boolean }) {
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
            ) : readOnly ? (
              <span className="meta"> · {t('console.observer.notFired')}</span>
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

function FeedbackForm({ view, run, readOnly }: { view: SessionView; run: Run; readOnly: boolean }) {
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
      {view.status !== 'ended' && !readOnly && (
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

/**
 * The trainer hands a co-trainer a link to look on. Each click makes a new link and so takes the
 * previous one back; the link is shown in a read-only field to copy, because it is a secret.
 */
function ShareObserverLink({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [link, setLink] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    setCopied(null);
    try {
      setLink((await api<{ link: string }>(`/api/sessions/${sessionId}/observer-link`, { method: 'POST' })).link);
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t('errors.network'));
    } finally {
      setBusy(false);
    }
  };
  // Keyboard and screen-reader users land on the new link, selected and ready to copy.
  useEffect(() => {
    if (!link) return;
    field.current?.focus();
    field.current?.select();
  }, [link]);
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      // No clipboard access (permissions, plain http): leave the link selected for Ctrl+C.
      field.current?.select();
      setCopied('failed');
    }
  };
  return (
    <Card labelledBy="observer-title">
      <Heading level={2} id="observer-title">
        {t('console.observer.title')}
      </Heading>
      <P>{t('console.observer.intro')}</P>
      <div className="button-row">
        <Button busy={busy} disabled={busy} onClick={() => void create()}>
          {t('console.observer.share')}
        </Button>
      </div>
      {error && <Alert type="error">{error}</Alert>}
      {link && (
        <div className="stack">
          <div className="utrecht-form-field utrecht-form-field--text">
            <div className="utrecht-form-field__label">
              <label className="utrecht-form-label" htmlFor={id}>
                {t('console.observer.linkLabel')}
              </label>
            </div>
            <div className="utrecht-form-field__description utrecht-form-field-description" id={`${id}-note`}>
              {t('console.observer.linkNote')}
            </div>
            <div className="utrecht-form-field__input">
              <input ref={field} id={id} className="utrecht-textbox utrecht-textbox--html-input utrecht-textbox--readonly" type="url" value={link} readOnly aria-describedby={`${id}-note`} onFocus={(e) => e.currentTarget.select()} />
            </div>
          </div>
          <div className="button-row">
            <Button variant="primary" onClick={() => void copy()}>
              {t('console.observer.copy')}
            </Button>
          </div>
          <p className="utrecht-paragraph" role="status">
            {copied === 'yes' ? t('console.observer.copied') : copied === 'failed' ? t('console.observer.copyFailed') : ''}
          </p>
        </div>
      )}
    </Card>
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
