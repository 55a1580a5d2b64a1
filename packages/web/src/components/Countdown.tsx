import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Time left on a step, from the server's clock (clockOffset) so every screen shows the same. */
export function Countdown({ deadline, remaining, clockOffset, large }: { deadline: number | null; remaining: number | null; clockOffset: number; large?: boolean }) {
  const { t } = useTranslation();
  const [now, setNow] = useState(() => Date.now() + clockOffset);
  useEffect(() => {
    if (deadline === null) return;
    const id = setInterval(() => setNow(Date.now() + clockOffset), 500);
    return () => clearInterval(id);
  }, [deadline, clockOffset]);
  const ms = deadline !== null ? Math.max(0, deadline - now) : remaining;
  if (ms === null) return null;
  const s = Math.ceil(ms / 1000);
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return (
    <p className={`countdown${large ? ' countdown--large' : ''}`}>
      <span className="visually-hidden">{t('step.timeLeft')} </span>
      <span aria-hidden="true">⏱ </span>
      {text}
      {deadline === null && remaining !== null ? ` (${t('session.paused')})` : ''}
    </p>
  );
}
