/** The debrief: four-roles profile (group and per side), alliances, prediction accuracy, timeline. */
import { useTranslation } from 'react-i18next';
import type { SessionView } from '@samenspel/engine';
import { AllianceMeters, RadarChart } from './charts.js';
import { DataTable } from './DataTable.js';
import { Heading, P } from './ui.js';

export function Debrief({ view, headingLevel = 2 }: { view: SessionView; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const d = view.debrief;
  if (!d) return null;
  const h = headingLevel;
  const sub = (h + 1) as 3 | 4;
  const pct = (a: { correct: number; total: number; rate: number | null }) => (a.rate === null ? t('debrief.noPredictions') : t('debrief.accuracyValue', { pct: Math.round(a.rate * 100), correct: a.correct, total: a.total }));
  const series = [
    { label: t('debrief.group'), profile: d.groupProfile },
    ...Object.entries(d.sideProfiles).map(([side, profile]) => ({ label: t(`side.${side}`), profile: profile! })),
  ];
  const stepPrompt = (stepId: string) => [view.step, ...view.history].find((s) => s?.id === stepId);
  return (
    <section className="debrief" aria-labelledby="debrief-title">
      <Heading level={h} id="debrief-title">
        {t('debrief.title')}
      </Heading>
      <div className="debrief__grid">
        <div>
          <Heading level={sub}>{t('debrief.profile')}</Heading>
          <RadarChart title={t('debrief.profile')} series={series} />
        </div>
        <div>
          <Heading level={sub}>{t('debrief.alliances')}</Heading>
          <AllianceMeters alliances={d.alliances} />
          <Heading level={sub}>{t('debrief.accuracy')}</Heading>
          <dl className="facts">
            <dt>{t('debrief.beforeSwitch')}</dt>
            <dd>{pct(d.accuracy.beforeSwitch)}</dd>
            <dt>{t('debrief.afterSwitch')}</dt>
            <dd>{pct(d.accuracy.afterSwitch)}</dd>
            <dt>{t('debrief.overall')}</dt>
            <dd>{pct(d.accuracy.group)}</dd>
          </dl>
        </div>
      </div>
      <Heading level={sub}>{t('debrief.timeline')}</Heading>
      {d.timeline.length === 0 ? (
        <P>{t('debrief.noDecisions')}</P>
      ) : (
        <DataTable
          label={t('debrief.timeline')}
          columns={[t('debrief.decision'), t('debrief.chosen'), t('debrief.votes')]}
          rows={d.timeline.map((row) => {
            const s = stepPrompt(row.stepId);
            const label = (id: string) => s?.options?.find((o) => o.id === id)?.label ?? id;
            return {
              key: row.stepKey,
              cells: [
                s?.prompt ?? row.stepId,
                `${label(row.optionId)} (${t(`debrief.by.${row.by}`)})`,
                Object.entries(row.tally)
                  .map(([k, v]) => `${label(k)}: ${v}`)
                  .join(', '),
              ],
            };
          })}
        />
      )}
    </section>
  );
}
