/** The participant's answer form for the current step, one kind per step type. */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer, StepView } from '@samenspel/engine';
import { ApiFailure } from '../api/client.js';
import { BarChart } from './charts.js';
import { Alert, Button, Checkbox, Heading, P, RadioGroup, TextField } from './ui.js';

export function answerText(step: StepView, a: Answer): string {
  switch (a.kind) {
    case 'option':
      return step.options?.find((o) => o.id === a.optionId)?.label ?? a.optionId;
    case 'ranking':
      return a.order.map((id, i) => `${i + 1}. ${step.items?.find((x) => x.id === id)?.label ?? id}`).join(' ');
    case 'scale':
      return String(a.value);
    case 'text':
      return a.text;
  }
}

export function StepForm({ step, onAnswer }: { step: StepView; onAnswer: (answer: Answer, idempotencyKey: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [option, setOption] = useState<string | null>(null);
  const [order, setOrder] = useState<string[]>(() => step.items?.map((i) => i.id) ?? []);
  const [scale, setScale] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [named, setNamed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // One key per distinct answer: retrying the same answer after a lost connection is the same action.
  const keyFor = useRef<{ answer: string; key: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    let answer: Answer | null = null;
    if (step.type === 'decision' || step.type === 'prediction') answer = option ? { kind: 'option', optionId: option } : null;
    else if (step.type === 'ranking') answer = { kind: 'ranking', order };
    else if (step.type === 'scale') answer = scale !== null ? { kind: 'scale', value: Number(scale) } : null;
    else if (step.type === 'reflection') answer = text.trim() ? { kind: 'text', text: text.trim(), named } : null;
    if (!answer) {
      setError(t('step.chooseFirst'));
      return;
    }
    setBusy(true);
    setError(null);
    const fingerprint = JSON.stringify(answer);
    if (keyFor.current?.answer !== fingerprint) keyFor.current = { answer: fingerprint, key: crypto.randomUUID() };
    try {
      await onAnswer(answer, keyFor.current.key);
    } catch (err) {
      setError(err instanceof ApiFailure ? err.message : t('errors.network'));
    } finally {
      setBusy(false);
    }
  };

  const move = (i: number, d: -1 | 1) => {
    const next = [...order];
    const j = i + d;
    if (j < 0 || j >= next.length) return;
    [next[i], next[j]] = [next[j]!, next[i]!];
    setOrder(next);
  };

  return (
    <form className="utrecht-form step-form" onSubmit={submit} noValidate>
      {(step.type === 'decision' || step.type === 'prediction') && (
        <RadioGroup legend={step.prompt} name={`step-${step.key}`} value={option} onChange={setOption} options={(step.options ?? []).map((o) => ({ value: o.id, label: o.label, ...(o.description ? { description: o.description } : {}) }))} />
      )}
      {step.type === 'ranking' && (
        <fieldset className="utrecht-form-fieldset utrecht-form-fieldset--html-fieldset">
          <legend className="utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend">{step.prompt}</legend>
          <ol className="ranking">
            {order.map((id, i) => {
              const label = step.items?.find((x) => x.id === id)?.label ?? id;
              return (
                <li key={id} className="ranking__item">
                  <span className="ranking__label">{label}</span>
                  <span className="ranking__buttons">
                    <Button variant="subtle" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t('step.moveUp', { label })}>
                      ↑
                    </Button>
                    <Button variant="subtle" onClick={() => move(i, 1)} disabled={i === order.length - 1} aria-label={t('step.moveDown', { label })}>
                      ↓
                    </Button>
                  </span>
                </li>
              );
            })}
          </ol>
        </fieldset>
      )}
      {step.type === 'scale' && step.scale && (
        <RadioGroup
          legend={step.prompt}
          description={`${step.scale.min} = ${step.scale.minLabel}, ${step.scale.max} = ${step.scale.maxLabel}`}
          name={`step-${step.key}`}
          value={scale}
          onChange={setScale}
          options={Array.from({ length: step.scale.max - step.scale.min + 1 }, (_, i) => String(step.scale!.min + i)).map((v) => ({ value: v, label: v }))}
        />
      )}
      {step.type === 'reflection' && (
        <>
          <TextField label={step.prompt} value={text} onChange={setText} multiline maxLength={2000} />
          <Checkbox label={t('step.showMyName')} checked={named} onChange={setNamed} />
        </>
      )}
      {error && <Alert type="error">{error}</Alert>}
      <Button type="submit" variant="primary" busy={busy} disabled={busy}>
        {step.type === 'prediction' ? t('step.submitPrediction') : t('step.submit')}
      </Button>
    </form>
  );
}

/** Who will see this answer: said before answering, for every step. */
export function IdentityNote({ step }: { step: StepView }) {
  const { t } = useTranslation();
  const key = step.type === 'reflection' ? 'step.identity.reflection' : `step.identity.${step.identity}`;
  return <P className="identity-note">{t(key)}</P>;
}

export function StepResults({ step, large, onModerate }: { step: StepView; large?: boolean; onModerate?: (ref: string, visible: boolean) => Promise<void> }) {
  const { t } = useTranslation();
  if (!step.results) return null;
  const { tally, outcome, answers } = step.results;
  const hasOptions = !!step.options && (step.type === 'decision' || step.type === 'prediction');
  return (
    <div className="results">
      <Heading level={large ? 2 : 3}>{t('step.results')}</Heading>
      {hasOptions && (
        <>
          <BarChartFor step={step} tally={tally ?? {}} outcome={outcome ?? null} large={!!large} />
          {outcome && step.type === 'decision' && <P>{t('step.outcome', { option: step.options!.find((o) => o.id === outcome)?.label ?? outcome })}</P>}
        </>
      )}
      {!hasOptions && answers.length > 0 && (
        <ul className="answers">
          {answers.map((a, i) => (
            <li key={i}>
              {a.name ? <strong>{a.name}: </strong> : null}
              {answerText(step, a.answer)}
              {a.hidden ? ` (${t('step.hiddenFromProjector')})` : ''}
              {onModerate && a.ref && a.answer.kind === 'text' && (
                <Button variant="subtle" onClick={() => void onModerate(a.ref!, !!a.hidden)}>
                  {a.hidden ? t('step.showAgain') : t('step.hide')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {hasOptions && answers.some((a) => a.name) && (
        <ul className="answers">
          {answers
            .filter((a) => a.name)
            .map((a, i) => (
              <li key={i}>
                <strong>{a.name}: </strong>
                {answerText(step, a.answer)}
              </li>
            ))}
        </ul>
      )}
    </div>
  );
}

function BarChartFor({ step, tally, outcome, large }: { step: StepView; tally: Record<string, number>; outcome: string | null; large: boolean }) {
  const { t } = useTranslation();
  return <BarChart large={large} title={t('step.distribution')} bars={(step.options ?? []).map((o) => ({ label: o.label, value: tally[o.id] ?? 0, highlight: o.id === outcome }))} />;
}
