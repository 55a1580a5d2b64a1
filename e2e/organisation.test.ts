/**
 * Organisations in the browser: the beheerder makes an invitation link, a new colleague opens it
 * on another device and makes an account, the beheerder changes their role to programmabeheerder,
 * who then sees the sessions but no case to start. A bureau client and a data-subject request
 * go through the page too. axe-core on the organisation and invitation pages.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchChromium, startServer, type RunningServer } from './support.js';

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await startServer();
  browser = await launchChromium();
});

afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

async function newPage(): Promise<Page> {
  // axe-core is injected as a script; the app's CSP rightly forbids that, so the test context bypasses it.
  const context = await browser.newContext({ bypassCSP: true, permissions: ['clipboard-read', 'clipboard-write'] });
  contexts.push(context);
  return context.newPage();
}

async function login(page: Page, email: string, password: string) {
  await page.goto(`${server.url}/trainer`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByLabel('Wachtwoord').fill(password);
  await page.getByRole('button', { name: 'Inloggen', exact: true }).click();
  await page.getByRole('heading', { name: 'Casussen en sessies' }).waitFor();
}

describe('organisation in the browser', () => {
  it('invites a colleague by link, changes their role, and handles a person’s request', async () => {
    const admin = await newPage();
    await login(admin, server.email, server.password);
    await admin.getByRole('link', { name: 'Organisatie' }).click();
    await admin.getByRole('heading', { name: 'Leden' }).waitFor();
    await admin.getByText('Je rol hier: beheerder.').waitFor();

    // An invitation link for a trainer, shown once.
    await admin.getByLabel('Rol voor de nieuwe collega').selectOption('trainer');
    await admin.getByRole('button', { name: 'Uitnodigingslink maken' }).click();
    const linkField = admin.getByLabel('Uitnodigingslink', { exact: true });
    await linkField.waitFor();
    const link = await linkField.inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/uitnodiging#[\\w-]{20,}$`));
    await admin.getByText('Openstaande uitnodigingen').waitFor();
    await admin.waitForLoadState('networkidle');
    expect(await axeViolations(admin)).toEqual([]);

    // The colleague, on their own device: a password too short is refused before sending.
    const colleague = await newPage();
    await colleague.goto(link);
    await colleague.getByText('Je bent uitgenodigd voor Demo-organisatie als trainer.').waitFor();
    expect(await axeViolations(colleague)).toEqual([]);
    await colleague.getByLabel('Je naam').fill('Tara Trainer');
    await colleague.getByLabel('E-mailadres').fill('tara@example.org');
    await colleague.getByLabel('Wachtwoord').fill('kort');
    await colleague.getByRole('button', { name: 'Account maken en aanvaarden' }).click();
    await colleague.getByText('Kies een wachtwoord van minstens 12 tekens.').waitFor();
    await colleague.getByLabel('Wachtwoord').fill('een lang wachtwoord');
    await colleague.getByRole('button', { name: 'Account maken en aanvaarden' }).click();
    await colleague.getByRole('heading', { name: 'Casussen en sessies' }).waitFor();
    await colleague.getByText('Tara Trainer · Demo-organisatie (trainer)').waitFor();
    // The library arrives after the heading (its own request): wait for it rather than count at once.
    await colleague.getByRole('button', { name: 'Kies deze casus' }).first().waitFor();
    expect(await colleague.getByRole('button', { name: 'Kies deze casus' }).count()).toBeGreaterThan(0);

    // The same link a second time: used up, said so.
    const stranger = await newPage();
    await stranger.goto(link);
    await stranger.getByText('Deze uitnodiging bestaat niet, is verlopen of is al gebruikt.', { exact: false }).waitFor();

    // The beheerder makes Tara programmabeheerder; she then follows, and starts nothing.
    await admin.reload();
    await admin.getByLabel('Rol van Tara Trainer').selectOption('programmabeheerder');
    await admin.getByText('Tara Trainer is nu programmabeheerder.').waitFor();
    await colleague.reload();
    await colleague.getByText('Tara Trainer · Demo-organisatie (programmabeheerder)').waitFor();
    await colleague.getByRole('heading', { name: 'Casusbibliotheek' }).waitFor();
    // Only once the cases are listed does "no button to choose one" say anything.
    await colleague.getByRole('heading', { name: 'Het advies dat verdween', level: 3 }).waitFor();
    expect(await colleague.getByRole('button', { name: 'Kies deze casus' }).count()).toBe(0);
    await colleague.getByRole('link', { name: 'Organisatie' }).click();
    const download = colleague.waitForEvent('download');
    await colleague.getByRole('button', { name: 'Onderzoeksexport downloaden (JSON)' }).click();
    expect((await download).suggestedFilename()).toBe('samenspel-onderzoeksexport.json');
    await colleague.getByText('Gedownload: 0 afgeronde sessies.').waitFor();
    expect(await colleague.getByRole('heading', { name: 'Leden' }).count()).toBe(0);
    expect(await axeViolations(colleague)).toEqual([]);

    // A client organisation: its first beheerder gets a link of their own.
    await admin.getByLabel('Naam van de klantorganisatie').fill('Gemeente Westerveen');
    await admin.getByRole('button', { name: 'Klantorganisatie toevoegen' }).click();
    const clientLink = admin.getByLabel('Uitnodigingslink voor de eerste beheerder van Gemeente Westerveen');
    await clientLink.waitFor();
    expect(await clientLink.inputValue()).toMatch(/\/uitnodiging#/);
    await admin.getByRole('listitem').filter({ hasText: 'Gemeente Westerveen' }).waitFor();

    // A person nobody knows: the page says so, in Dutch, and nothing is erased.
    await admin.getByLabel('E-mailadres van de persoon').fill('onbekend@example.org');
    await admin.getByRole('button', { name: 'Gegevens downloaden (JSON)' }).click();
    await admin.getByText('Over dit e-mailadres is niets opgeslagen in uw organisatie.').waitFor();
    // Bad input for retention: a clear message naming the field, the stored value stays.
    await admin.getByLabel('Dagen na een sessie').fill('0');
    await admin.getByRole('button', { name: 'Bewaartermijn opslaan' }).click();
    await admin.getByText('Vul een aantal dagen in: een heel getal tussen 1 en 3650.').waitFor();
    const org = await (await admin.request.get(`${server.url}/api/organisation`)).json();
    expect(org.organisation.retentionDays).toBe(90);
    await admin.getByLabel('Dagen na een sessie').fill('30');
    await admin.getByRole('button', { name: 'Bewaartermijn opslaan' }).click();
    await admin.getByText('Opgeslagen: 30 dagen.').waitFor();
    // The audit log shows what happened, with the member's name.
    await admin.reload();
    await admin.getByRole('cell', { name: 'uitnodiging aanvaard' }).first().waitFor();
    await admin.waitForLoadState('networkidle');
    expect(await axeViolations(admin)).toEqual([]);

    // A practice session that never ran is deleted from the list, after a confirmation.
    const created = await admin.request.post(`${server.url}/api/sessions`, { headers: { 'x-samenspel': '1' }, data: { caseId: 'het-advies-dat-verdween', title: 'Proefronde' } });
    expect(created.status()).toBe(201);
    await admin.goto(`${server.url}/trainer`);
    admin.once('dialog', (d) => void d.accept());
    await admin.getByRole('button', { name: 'Proefronde verwijderen' }).click();
    await admin.getByText('Sessie “Proefronde” is verwijderd.').waitFor();
    const audit = await (await admin.request.get(`${server.url}/api/organisation/audit`)).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toContain('session.delete');
  });
});
