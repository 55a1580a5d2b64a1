import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { setLanguage } from '../i18n/index.js';
import { Link } from '../router.js';

/** Page frame: header with the language switch, one main landmark, footer. */
export function Layout({ children, wide, bare }: { children: ReactNode; wide?: boolean; bare?: boolean }) {
  const { t, i18n } = useTranslation();
  const other = i18n.language === 'en' ? 'nl' : 'en';
  return (
    <div className={`page${wide ? ' page--wide' : ''}${bare ? ' page--bare' : ''}`}>
      <a className="skip-link utrecht-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="page-header">
        <Link href="/" className="brand">
          Samenspel
        </Link>
        <button type="button" className="utrecht-button utrecht-button--subtle lang-switch" onClick={() => setLanguage(other)} lang={other}>
          {t('layout.switchLanguage')}
        </button>
      </header>
      <main id="main" className="page-main" tabIndex={-1}>
        {children}
      </main>
      {!bare && (
        <footer className="page-footer">
          <p className="utrecht-paragraph utrecht-paragraph--small">{t('layout.footer')}</p>
        </footer>
      )}
    </div>
  );
}
