/**
 * Charts as plain SVG with attributes only (the CSP forbids inline styles): the four
 * government roles radar, option distributions and alliance meters. Each chart carries a text
 * alternative, and the numbers are also printed next to the shapes.
 */
import { useTranslation } from 'react-i18next';

const ROLES = ['rechtmatig', 'presterend', 'netwerkend', 'responsief'] as const;
const SERIES_COLOURS = ['#1a5aa6', '#b34700', '#2e7d32', '#6a1b9a'];

export function RadarChart({ series, title }: { series: { label: string; profile: Record<string, number> }[]; title: string }) {
  const { t } = useTranslation();
  const size = 320;
  const c = size / 2;
  const r = 110;
  const max = Math.max(1, ...series.flatMap((s) => ROLES.map((k) => Math.abs(s.profile[k] ?? 0))));
  const point = (i: number, value: number) => {
    const angle = -Math.PI / 2 + (i * 2 * Math.PI) / ROLES.length;
    const d = (Math.max(0, value) / max) * r;
    return [c + d * Math.cos(angle), c + d * Math.sin(angle)] as const;
  };
  const desc = series.map((s) => `${s.label}: ${ROLES.map((k) => `${t(`governmentRole.${k}`)} ${s.profile[k] ?? 0}`).join(', ')}`).join('; ');
  return (
    <figure className="chart">
      <svg viewBox={`-60 -10 ${size + 120} ${size + 20}`} role="img" aria-label={`${title}. ${desc}`} className="chart__svg chart__svg--radar">
        {[0.25, 0.5, 0.75, 1].map((f) => (
          <polygon key={f} points={ROLES.map((_, i) => point(i, f * max).join(',')).join(' ')} fill="none" stroke="#8a8a8a" strokeWidth="1" />
        ))}
        {ROLES.map((k, i) => {
          const [x, y] = point(i, max);
          const [lx, ly] = point(i, max * 1.28);
          return (
            <g key={k}>
              <line x1={c} y1={c} x2={x} y2={y} stroke="#8a8a8a" strokeWidth="1" />
              <text x={lx} y={ly} textAnchor="middle" dominantBaseline="middle" fontSize="14" fill="#1a1a1a">
                {t(`governmentRole.${k}`)}
              </text>
            </g>
          );
        })}
        {series.map((s, si) => (
          <polygon key={s.label} points={ROLES.map((k, i) => point(i, s.profile[k] ?? 0).join(',')).join(' ')} fill={SERIES_COLOURS[si % 4]} fillOpacity="0.18" stroke={SERIES_COLOURS[si % 4]} strokeWidth="3" />
        ))}
      </svg>
      <figcaption>
        <ul className="legend">
          {series.map((s, si) => (
            <li key={s.label}>
              <svg width="14" height="14" aria-hidden="true" className="legend__swatch">
                <rect width="14" height="14" fill={SERIES_COLOURS[si % 4]} />
              </svg>{' '}
              {s.label}: {ROLES.map((k) => `${t(`governmentRole.${k}`)} ${s.profile[k] ?? 0}`).join(' · ')}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

export function BarChart({ bars, title, large }: { bars: { label: string; value: number; highlight?: boolean }[]; title: string; large?: boolean }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const rowH = large ? 64 : 40;
  const width = 600;
  const labelW = 0;
  return (
    <figure className={`chart${large ? ' chart--large' : ''}`}>
      <figcaption className="chart__title">{title}</figcaption>
      <ul className="bars">
        {bars.map((b) => (
          <li key={b.label} className={`bars__row${b.highlight ? ' bars__row--highlight' : ''}`}>
            <span className="bars__label">
              {b.label}
              {b.highlight ? ' ✓' : ''}
            </span>
            <svg viewBox={`0 0 ${width} ${rowH}`} className="bars__svg" aria-hidden="true" preserveAspectRatio="none">
              <rect x={labelW} y={rowH * 0.15} width={Math.max(4, ((width - 80) * b.value) / max)} height={rowH * 0.7} fill={b.highlight ? '#1a5aa6' : '#5a6f85'} />
            </svg>
            <span className="bars__value">{b.value}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function AllianceMeters({ alliances }: { alliances: { id: string; start: number; end: number }[] }) {
  const { t } = useTranslation();
  const lim = Math.max(5, ...alliances.flatMap((a) => [Math.abs(a.start), Math.abs(a.end)]));
  const w = 300;
  const x = (v: number) => w / 2 + (v / lim) * (w / 2 - 10);
  return (
    <ul className="alliances">
      {alliances.map((a) => {
        const delta = a.end - a.start;
        return (
          <li key={a.id} className="alliances__row">
            <span className="alliances__label">{t(`alliance.${a.id}`)}</span>
            <svg viewBox={`0 0 ${w} 28`} className="alliances__svg" role="img" aria-label={t('debrief.allianceAria', { name: t(`alliance.${a.id}`), start: a.start, end: a.end })}>
              <rect x="0" y="12" width={w} height="4" fill="#c8c8c8" />
              <line x1={w / 2} y1="4" x2={w / 2} y2="24" stroke="#595959" strokeWidth="2" />
              <line x1={x(a.start)} y1="14" x2={x(a.end)} y2="14" stroke={delta >= 0 ? '#2e7d32' : '#b3261e'} strokeWidth="6" />
              <circle cx={x(a.end)} cy="14" r="8" fill={delta >= 0 ? '#2e7d32' : '#b3261e'} />
            </svg>
            <span className="alliances__value">
              {a.start} → {a.end} ({delta >= 0 ? '+' : ''}
              {delta})
            </span>
          </li>
        );
      })}
    </ul>
  );
}
