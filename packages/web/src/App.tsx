import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Layout } from './components/Layout.js';
import { Heading, P } from './components/ui.js';
import { HomePage } from './pages/HomePage.js';
import { JoinPage } from './pages/JoinPage.js';

// Participants load only what a phone needs; trainer, projector and report screens come on demand.
// The play screen (steps, debrief charts) too: the join form on slow 3G must not wait for it.
const loadPlayPage = () => import('./pages/PlayPage.js');
const PlayPage = lazy(() => loadPlayPage().then((m) => ({ default: m.PlayPage })));
// On the join page, fetch it while the participant types a name, so joining costs no extra
// round trip; not earlier, so it does not compete with the join lookup for the slow link.
const prefetchPlayPage = () => {
  if (!location.pathname.startsWith('/join')) return;
  document.removeEventListener('focusin', prefetchPlayPage);
  void loadPlayPage();
};
document.addEventListener('focusin', prefetchPlayPage);
const ConsolePage = lazy(() => import('./pages/ConsolePage.js').then((m) => ({ default: m.ConsolePage })));
const ProjectorPage = lazy(() => import('./pages/ProjectorPage.js').then((m) => ({ default: m.ProjectorPage })));
const ReportPage = lazy(() => import('./pages/ReportPage.js').then((m) => ({ default: m.ReportPage })));
const TrainerPage = lazy(() => import('./pages/TrainerPage.js').then((m) => ({ default: m.TrainerPage })));
const OrganisationPage = lazy(() => import('./pages/OrganisationPage.js').then((m) => ({ default: m.OrganisationPage })));
const InvitationPage = lazy(() => import('./pages/InvitationPage.js').then((m) => ({ default: m.InvitationPage })));
import { Link, usePath } from './router.js';

export function App() {
  return (
    <Suspense fallback={null}>
      <Routes />
    </Suspense>
  );
}

function Routes() {
  const path = usePath();
  const { t } = useTranslation();
  const parts = path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  useEffect(() => {
    document.title = `Samenspel`;
  }, [path]);
  if (parts.length === 0) return <HomePage />;
  if (parts[0] === 'join' && parts.length <= 2) return <JoinPage code={parts[1] ?? null} />;
  if (parts[0] === 'play' && parts[1] && parts[2] === 'report') return <ReportPage sessionId={parts[1]} as="participant" />;
  if (parts[0] === 'play' && parts[1]) return <PlayPage sessionId={parts[1]} />;
  if (parts[0] === 'beamer' && parts[1]) return <ProjectorPage sessionId={parts[1]} />;
  if (parts[0] === 'trainer' && parts.length === 1) return <TrainerPage />;
  if (parts[0] === 'trainer' && parts[1] === 'organisatie' && parts.length === 2) return <OrganisationPage />;
  if (parts[0] === 'uitnodiging' && parts.length === 1) return <InvitationPage />;
  if (parts[0] === 'trainer' && parts[1] === 'sessions' && parts[2] && parts[3] === 'report') return <ReportPage sessionId={parts[2]} as="trainer" participantId={new URLSearchParams(location.search).get('participant')} />;
  if (parts[0] === 'trainer' && parts[1] === 'sessions' && parts[2]) return <ConsolePage sessionId={parts[2]} />;
  return (
    <Layout>
      <Heading level={1}>{t('notFound.title')}</Heading>
      <P>{t('notFound.text')}</P>
      <P>
        <Link href="/">{t('notFound.home')}</Link>
      </P>
    </Layout>
  );
}
