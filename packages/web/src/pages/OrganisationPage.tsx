/**
 * The organisation one works in: members and roles, invitation links, client organisations
 * (a bureau), retention, requests of a data subject, the audit log (beheerder) and the research
 * export (beheerder, programmabeheerder).
 */
import '../i18n/staff.js';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiFailure } from '../api/client.js';
import { saveFile } from '../api/save-file.js';
import { DataTable } from '../components/DataTable.js';
import { Layout } from '../components/Layout.js';
import { Alert, Button, Heading, P, TextField } from '../components/ui.js';
import { SelectField } from '../components/SelectField.js';
import { Link } from '../router.js';

export const ROLES = ['beheerder', 'trainer', 'programmabeheerder'] as const;

interface OrganisationInfo {
  organisation: { id: string; name: string; retentionDays: number };
  role: string;
  /** From the server's one table of what each role may do. */
  permissions: string[];
  clients: { id: string; name: string; hasBeheerder: boolean }[];
  bureaus: { id: string; name: string }[];
}
interface Member {
  userId: string;
  name: string;
  email: string;
  role: string;
}
interface Invitation {
  id: string;
  role: string;
  expiresAt: number;
}
interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId: string;
  at: number;
  userName: string | null;
}

/** Runs an action, turning a refusal into the server's message (in the person's language). */
function useAction(): [string | null, (f: () => Promise<void>) => Promise<void>, (m: string | null) => void] {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  const run = async (f: () => Promise<void>) => {
    setError(null);
    try {
      await f();
    } catch (e) {
      setError(e instanceof ApiFailure ? e.message : t('errors.network'));
    }
  };
  return [error, run, setError];
}

/** Saves JSON as a file; the caller's `run` shows a refusal instead of saving an error as a file. */
const saveJson = (data: unknown, filename: string) => saveFile(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }), filename);

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="org-section">
      <Heading level={2} id={id}>
        {title}
      </Heading>
      {children}
    </section>
  );
}

export function OrganisationPage() {
  const { t } = useTranslation();
  const [info, setInfo] = useState<OrganisationInfo | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const reload = useCallback(() => {
    api<OrganisationInfo>('/api/organisation').then(setInfo, (e: unknown) => setFailed(e instanceof ApiFailure ? e.message : t('errors.network')));
  }, [t]);
  useEffect(reload, [reload]);
  if (failed)
    return (
      <Layout>
        <Alert type="error">{failed}</Alert>
        <P>
          <Link href="/trainer">{t('organisation.back')}</Link>
        </P>
      </Layout>
    );
  if (!info)
    return (
      <Layout>
        <P>{t('common.loading')}</P>
      </Layout>
    );
  const manage = info.permissions.includes('organisation.manage');
  return (
    <Layout wide>
      <P>
        <Link href="/trainer">← {t('organisation.back')}</Link>
      </P>
      <Heading level={1}>{info.organisation.name}</Heading>
      <P lead>{t('organisation.yourRole', { role: t(`roles.${info.role}`) })}</P>
      {info.bureaus.length > 0 && <P>{t('organisation.servedBy', { names: info.bureaus.map((b) => b.name).join(', ') })}</P>}
      {manage && <Members />}
      {manage && <Invitations />}
      {manage && <Clients clients={info.clients} onChange={reload} bureau={info.bureaus.length === 0} />}
      {manage && info.bureaus.length > 0 && <Bureaus bureaus={info.bureaus} onChange={reload} />}
      {manage && <Retention days={info.organisation.retentionDays} />}
      {manage && <PersonRequest />}
      {info.permissions.includes('research.export') && <Research />}
      {manage && <Audit />}
      {!manage && <P>{t('organisation.askBeheerder')}</P>}
    </Layout>
  );
}

function Research() {
  const { t } = useTranslation();
  const [error, run] = useAction();
  const [done, setDone] = useState<string | null>(null);
  const download = () =>
    run(async () => {
      setDone(null);
      const data = await api<{ sessions: unknown[] }>('/api/organisation/research-export');
      saveJson(data, 'samenspel-onderzoeksexport.json');
      setDone(t('organisation.research.done', { count: data.sessions.length }));
    });
  return (
    <Section id="research-title" title={t('organisation.research.title')}>
      <P>{t('organisation.research.text')}</P>
      {error && <Alert type="error">{error}</Alert>}
      <Button onClick={() => void download()}>{t('organisation.research.download')}</Button>
      <p className="utrecht-paragraph" role="status">
        {done}
      </p>
    </Section>
  );
}

function Members() {
  const { t } = useTranslation();
  const [members, setMembers] = useState<Member[]>([]);
  const [error, run] = useAction();
  const [status, setStatus] = useState<string | null>(null);
  const load = useCallback(() => void run(async () => setMembers((await api<{ members: Member[] }>('/api/organisation/members')).members)), []);
  useEffect(load, [load]);
  const setRole = (m: Member, role: string) =>
    run(async () => {
      // Making someone beheerder, or a beheerder something else, deserves a second look.
      if ((role === 'beheerder' || m.role === 'beheerder') && !window.confirm(t('organisation.members.confirmRole', { name: m.name, role: t(`roles.${role}`) }))) {
        load();
        return;
      }
      await api(`/api/organisation/members/${encodeURIComponent(m.userId)}/role`, { method: 'POST', body: { role } });
      setStatus(t('organisation.members.roleChanged', { name: m.name, role: t(`roles.${role}`) }));
      load();
    });
  const remove = (m: Member) =>
    run(async () => {
      if (!window.confirm(t('organisation.members.confirmRemove', { name: m.name }))) return;
      const r = await api<{ accountDeleted: boolean }>(`/api/organisation/members/${encodeURIComponent(m.userId)}/remove`, { method: 'POST' });
      setStatus(t(r.accountDeleted ? 'organisation.members.removedWithAccount' : 'organisation.members.removed', { name: m.name }));
      load();
    });
  return (
    <Section id="members-title" title={t('organisation.members.title')}>
      {error && <Alert type="error">{error}</Alert>}
      <p className="utrecht-paragraph" role="status">
        {status}
      </p>
      <DataTable
        label={t('organisation.members.table')}
        columns={[t('organisation.members.name'), t('organisation.members.email'), t('organisation.members.role'), <span className="visually-hidden">{t('organisation.members.actions')}</span>]}
        rows={members.map((m) => ({
          key: m.userId,
          cells: [
            m.name,
            m.email,
            <SelectField label={t('organisation.members.roleOf', { name: m.name })} className="compact-field" value={m.role} onChange={(r) => void setRole(m, r)} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />,
            <Button variant="subtle" onClick={() => void remove(m)}>
              {t('organisation.members.remove', { name: m.name })}
            </Button>,
          ],
        }))}
      />
    </Section>
  );
}

/** A freshly made link, shown once (only its hash is stored), ready to copy. */
function NewLink({ link, label }: { link: string; label: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <div className="stack">
      <TextField label={label} value={link} onChange={() => undefined} readOnly description={t('organisation.invitations.once')} />
      <div className="button-row">
        <Button
          onClick={() =>
            void navigator.clipboard?.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {t('organisation.invitations.copy')}
        </Button>
        <span role="status">{copied ? t('organisation.invitations.copied') : ''}</span>
      </div>
    </div>
  );
}

function Invitations() {
  const { t, i18n } = useTranslation();
  const [pending, setPending] = useState<Invitation[]>([]);
  const [role, setRole] = useState<string>('trainer');
  const [link, setLink] = useState<string | null>(null);
  const [error, run] = useAction();
  const load = useCallback(() => void run(async () => setPending((await api<{ invitations: Invitation[] }>('/api/organisation/invitations')).invitations)), []);
  useEffect(load, [load]);
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api<{ link: string }>('/api/organisation/invitations', { method: 'POST', body: { role } });
      setLink(r.link);
      load();
    });
  };
  const revoke = (id: string) =>
    run(async () => {
      await api(`/api/organisation/invitations/${encodeURIComponent(id)}/revoke`, { method: 'POST' });
      load();
    });
  const date = (ms: number) => new Date(ms).toLocaleDateString(i18n.language === 'en' ? 'en-GB' : 'nl-NL', { day: 'numeric', month: 'long' });
  return (
    <Section id="invitations-title" title={t('organisation.invitations.title')}>
      <P>{t('organisation.invitations.text')}</P>
      {error && <Alert type="error">{error}</Alert>}
      <form className="utrecht-form stack" onSubmit={create}>
        <SelectField label={t('organisation.invitations.role')} value={role} onChange={setRole} options={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
        <Button type="submit" variant="primary">
          {t('organisation.invitations.create')}
        </Button>
      </form>
      {link && <NewLink link={link} label={t('organisation.invitations.link')} />}
      {pending.length > 0 && (
        <>
          <Heading level={3}>{t('organisation.invitations.pending')}</Heading>
          <ul className="link-list">
            {pending.map((p) => (
              <li key={p.id}>
                {t(`roles.${p.role}`)} · {t('organisation.invitations.until', { date: date(p.expiresAt) })}{' '}
                <Button variant="subtle" onClick={() => void revoke(p.id)}>
                  {t('organisation.invitations.revoke')}
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function Clients({ clients, onChange, bureau }: { clients: OrganisationInfo['clients']; onChange: () => void; bureau: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [link, setLink] = useState<{ name: string; link: string } | null>(null);
  const [error, run] = useAction();
  if (!bureau) return null;
  const reissue = (c: { id: string; name: string }) =>
    run(async () => {
      const r = await api<{ link: string }>(`/api/organisation/clients/${encodeURIComponent(c.id)}/invitation`, { method: 'POST' });
      setLink({ name: c.name, link: r.link });
    });
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await api<{ client: { name: string }; invitation: { link: string } }>('/api/organisation/clients', { method: 'POST', body: { name } });
      setLink({ name: r.client.name, link: r.invitation.link });
      setName('');
      onChange();
    });
  };
  return (
    <Section id="clients-title" title={t('organisation.clients.title')}>
      <P>{t('organisation.clients.text')}</P>
      {clients.length > 0 && (
        <ul className="link-list">
          {clients.map((c) => (
            <li key={c.id}>
              {c.name}
              {!c.hasBeheerder && (
                <>
                  {' — '}
                  {t('organisation.clients.noBeheerder')}{' '}
                  <Button variant="subtle" onClick={() => void reissue(c)}>
                    {t('organisation.clients.reissue', { name: c.name })}
                  </Button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {error && <Alert type="error">{error}</Alert>}
      <form className="utrecht-form stack" onSubmit={create}>
        <TextField label={t('organisation.clients.name')} value={name} onChange={setName} required maxLength={200} />
        <Button type="submit">{t('organisation.clients.create')}</Button>
      </form>
      {link && <NewLink link={link.link} label={t('organisation.clients.link', { name: link.name })} />}
    </Section>
  );
}

/** For a client: the bureaus that run sessions for it, and ending one's access. */
function Bureaus({ bureaus, onChange }: { bureaus: OrganisationInfo['bureaus']; onChange: () => void }) {
  const { t } = useTranslation();
  const [error, run] = useAction();
  const end = (b: { id: string; name: string }) =>
    run(async () => {
      if (!window.confirm(t('organisation.bureaus.confirmEnd', { name: b.name }))) return;
      await api(`/api/organisation/bureaus/${encodeURIComponent(b.id)}/end`, { method: 'POST' });
      onChange();
    });
  return (
    <Section id="bureaus-title" title={t('organisation.bureaus.title')}>
      <P>{t('organisation.bureaus.text')}</P>
      {error && <Alert type="error">{error}</Alert>}
      <ul className="link-list">
        {bureaus.map((b) => (
          <li key={b.id}>
            {b.name}{' '}
            <Button variant="subtle" onClick={() => void end(b)}>
              {t('organisation.bureaus.end', { name: b.name })}
            </Button>
          </li>
        ))}
      </ul>
    </Section>
  );
}

function Retention({ days }: { days: number }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(String(days));
  const [saved, setSaved] = useState<string | null>(null);
  const [error, run, setError] = useAction();
  const save = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    const n = Number(value.trim());
    if (!/^\d+$/.test(value.trim()) || n < 1 || n > 3650) {
      setError(t('organisation.retention.invalid'));
      return;
    }
    void run(async () => {
      const r = await api<{ retentionDays: number }>('/api/organisation/settings', { method: 'POST', body: { retentionDays: n } });
      setSaved(t('organisation.retention.saved', { count: r.retentionDays }));
    });
  };
  return (
    <Section id="retention-title" title={t('organisation.retention.title')}>
      <form className="utrecht-form stack" onSubmit={save}>
        <TextField label={t('organisation.retention.days')} description={t('organisation.retention.text')} value={value} onChange={setValue} inputMode="numeric" maxLength={4} invalid={!!error} />
        {error && <Alert type="error">{error}</Alert>}
        <Button type="submit">{t('organisation.retention.save')}</Button>
        <p className="utrecht-paragraph" role="status">
          {saved}
        </p>
      </form>
    </Section>
  );
}

function PersonRequest() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const [error, run] = useAction();
  const download = () =>
    run(async () => {
      setResult(null);
      const data = await api<object>('/api/organisation/people/export', { method: 'POST', body: { email } });
      saveJson(data, 'samenspel-persoonsgegevens.json');
      setResult(t('organisation.person.exported'));
    });
  const erase = () =>
    run(async () => {
      setResult(null);
      if (!window.confirm(t('organisation.person.confirmErase', { email }))) return;
      const r = await api<{ erasedParticipations: number; runningSessions: string[]; membershipEnded: boolean; membershipKept: boolean }>('/api/organisation/people/erase', { method: 'POST', body: { email } });
      const parts = [t('organisation.person.erased', { count: r.erasedParticipations })];
      if (r.runningSessions.length > 0) parts.push(t('organisation.person.running', { count: r.runningSessions.length }));
      if (r.membershipEnded) parts.push(t('organisation.person.membershipEnded'));
      if (r.membershipKept) parts.push(t('organisation.person.membershipKept'));
      setResult(parts.join(' '));
    });
  return (
    <Section id="person-title" title={t('organisation.person.title')}>
      <P>{t('organisation.person.text')}</P>
      <form className="utrecht-form stack" onSubmit={(e) => e.preventDefault()}>
        <TextField label={t('organisation.person.email')} type="email" value={email} onChange={setEmail} required maxLength={200} />
        {error && <Alert type="error">{error}</Alert>}
        <div className="button-row">
          <Button onClick={() => void download()} disabled={!email}>
            {t('organisation.person.export')}
          </Button>
          <Button variant="danger" onClick={() => void erase()} disabled={!email}>
            {t('organisation.person.erase')}
          </Button>
        </div>
        <p className="utrecht-paragraph" role="status">
          {result}
        </p>
      </form>
    </Section>
  );
}

function Audit() {
  const { t, i18n } = useTranslation();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [error, run] = useAction();
  useEffect(() => void run(async () => setEntries((await api<{ entries: AuditEntry[] }>('/api/organisation/audit')).entries.slice(0, 50))), []);
  const when = (ms: number) => new Date(ms).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'nl-NL', { dateStyle: 'short', timeStyle: 'short' });
  return (
    <Section id="audit-title" title={t('organisation.audit.title')}>
      <P>{t('organisation.audit.text')}</P>
      {error && <Alert type="error">{error}</Alert>}
      <DataTable
        label={t('organisation.audit.table')}
        columns={[t('organisation.audit.when'), t('organisation.audit.who'), t('organisation.audit.what'), t('organisation.audit.subject')]}
        rows={entries.map((e, i) => ({
          key: String(i),
          cells: [when(e.at), e.userName ?? t('organisation.audit.unknownUser'), t(`organisation.audit.actions.${e.action}`, { defaultValue: e.action }), <code>{e.subjectId.slice(0, 12)}</code>],
        }))}
      />
    </Section>
  );
}
