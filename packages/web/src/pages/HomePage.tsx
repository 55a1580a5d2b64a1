import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Layout } from '../components/Layout.js';
import { Button, Heading, P, TextField } from '../components/ui.js';
import { Link, navigate } from '../router.js';

export function HomePage() {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const go = (e: FormEvent) => {
    e.preventDefault();
    const c = code.toUpperCase().replace(/[\s-]/g, '');
    if (c) navigate(`/join/${c}`);
  };
  return (
    <Layout>
      <Heading level={1}>{t('home.title')}</Heading>
      <P lead>{t('home.intro')}</P>
      <form className="utrecht-form stack" onSubmit={go}>
        <TextField label={t('join.code')} value={code} onChange={setCode} autoComplete="off" maxLength={12} />
        <Button type="submit" variant="primary">
          {t('home.join')}
        </Button>
      </form>
      <P>
        <Link href="/trainer">{t('home.trainer')}</Link>
      </P>
    </Layout>
  );
}
