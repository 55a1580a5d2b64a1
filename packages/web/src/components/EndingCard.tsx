/** The ending of a finished session, with a link to its report; shared by the console and the phone. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionView } from '@samenspel/engine';
import { Link } from '../router.js';
import { Card, Heading, P, Text } from './ui.js';

export function EndingCard({ view, reportHref, reportLabel, children }: { view: SessionView; reportHref: string; reportLabel: string; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card labelledBy="ending-title">
      <Heading level={2} id="ending-title">
        {view.ending?.title ?? t('session.ended')}
      </Heading>
      {view.ending && <Text text={view.ending.text} />}
      <P>
        <Link href={reportHref}>{reportLabel}</Link>
      </P>
      {children}
    </Card>
  );
}
