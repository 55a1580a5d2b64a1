/**
 * A co-trainer looks on through a read-only link: the trainer makes the link in the console, a
 * second browser (no login) opens it, sees the trainer's screen with a clear read-only notice and
 * no control that sends a command, in the lobby, while the session runs and after the end (with
 * the session report). A new link takes the old one back. axe-core runs on every state; any violation fails the test.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations, browserSuite } from './support.js';

const CASE_ID = 'het-advies-dat-verdween';
const CSRF = { 'x-samenspel': '1' };

const suite = browserSuite();
const newPage = () => suite.newPage();

async function expectAccessible(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page), `axe violations on ${where}`).toEqual([]);
}

/** Everything on the observer's screen a person could operate, apart from the language switch. */
async function enabledControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('main button, main input, main select, main textarea')]
      .filter((el) => !el.disabled && !(el instanceof HTMLInputElement && el.readOnly))
      .map((el) => `${el.tagName.toLowerCase()}: ${el.textContent?.trim() || el.getAttribute('aria-label') || el.id}`),
  );
}

describe('read-only link for a co-trainer', () => {
  it('shares the console read-only, without controls, and revokes an old link', async () => {
    // Trainer: log in, and make a session through the API (the library is covered elsewhere).
    const trainer = await newPage();
    await trainer.goto(`${suite.server.url}/trainer`);
    await trainer.getByLabel('E-mailadres').fill(suite.server.email);
    await trainer.getByLabel('Wachtwoord').fill(suite.server.password);
    await trainer.getByRole('button', { name: 'Inloggen' }).click();
    await trainer.getByRole('heading', { name: 'Casusbibliotheek' }).waitFor();
    const created = await trainer.request.post(`${suite.server.url}/api/sessions`, { headers: CSRF, data: { caseId: CASE_ID, variables: { gemeente: 'Oosterwijk' } } });
    expect(created.status()).toBe(201);
    const session = (await created.json()) as { id: string; joinCode: string };
    await trainer.goto(`${suite.server.url}/trainer/sessions/${session.id}`);
    await trainer.getByRole('heading', { name: 'Wachtruimte' }).waitFor();

    // The trainer makes the link; it lands selected in a labelled read-only field.
    await trainer.getByRole('button', { name: 'Deel een alleen-lezen link met een co-trainer' }).click();
    const field = trainer.getByLabel('Alleen-lezen link');
    await field.waitFor();
    await expect.poll(() => field.evaluate((el) => el === document.activeElement)).toBe(true);
    const link = await field.inputValue();
    expect(link).toMatch(new RegExp(`^${suite.server.url}/trainer/sessions/${session.id}#observer=[A-Za-z0-9_-]{40,}$`));
    await trainer.getByRole('button', { name: 'Link kopiëren' }).click();
    await trainer.getByRole('status').filter({ hasText: /De link is gekopieerd|Kopiëren lukte niet/ }).waitFor();
    await expectAccessible(trainer, 'console lobby with the observer link');

    // The co-trainer, in another browser without a login.
    const observer = await newPage();
    await observer.goto(link);
    await observer.getByText('Alleen-lezen: je kijkt mee.').waitFor();
    await observer.getByRole('heading', { name: 'Wachtruimte' }).waitFor();
    expect(await observer.locator('.join-code').textContent()).toContain(session.joinCode);
    expect(await observer.getByRole('navigation', { name: 'Sessie besturen' }).count()).toBe(0);
    expect(await observer.getByRole('button', { name: 'Deel een alleen-lezen link met een co-trainer' }).count()).toBe(0);
    expect(await enabledControls(observer)).toEqual([]);
    await expectAccessible(observer, 'observer in the lobby');

    // Participants join and the trainer starts; the observer follows, still without controls.
    for (const [name, side] of [['Anna', 'ambtenaar'], ['Bert', 'bestuurder'], ['Carla', 'raadslid']] as const) {
      const joined = await observer.request.post(`${suite.server.url}/api/join/${session.joinCode}`, { headers: CSRF, data: { name, side } });
      expect(joined.status()).toBe(201);
    }
    await trainer.locator('.participants__item', { hasText: 'Carla' }).waitFor();
    await trainer.getByRole('button', { name: 'Sessie starten' }).click();
    await observer.getByText(/Scène: De vraag van de wethouder/).waitFor();
    await observer.locator('.participants__item', { hasText: 'Carla' }).waitFor();
    expect(await observer.getByRole('navigation', { name: 'Sessie besturen' }).count()).toBe(0);
    expect(await observer.getByText('Downloads voor analyse').count()).toBe(0);
    expect(await enabledControls(observer)).toEqual([]);
    await observer.getByText('Verhaal en vertrouwelijke teksten').click();
    await expectAccessible(observer, 'observer while the session runs');
    // Even a hand-made request with the observer's token is refused.
    const token = new URL(link).hash.replace('#observer=', '');
    const refused = await observer.request.post(`${suite.server.url}/api/sessions/${session.id}/commands`, { headers: { ...CSRF, authorization: `Bearer ${token}` }, data: { idempotencyKey: crypto.randomUUID(), command: { type: 'advance' } } });
    expect(refused.status()).toBe(403);

    // After the end the co-trainer reads the session report with the same link, and comes back.
    await trainer.getByRole('button', { name: 'Sessie beëindigen' }).click();
    await observer.getByRole('link', { name: 'Sessieverslag en persoonlijke verslagen' }).click();
    await observer.getByRole('heading', { name: /^Sessieverslag: / }).waitFor();
    await expectAccessible(observer, 'session report read by the observer');
    await observer.getByRole('link', { name: /Terug/ }).click();
    await observer.getByText('Alleen-lezen: je kijkt mee.').waitFor();
    expect(await enabledControls(observer)).toEqual([]);

    // A new link takes the old one back: the open screen says so at once, and so does a reload.
    await trainer.getByRole('button', { name: 'Deel een alleen-lezen link met een co-trainer' }).click();
    await expect.poll(() => field.inputValue()).not.toBe(link);
    await observer.getByText('Deze meekijklink werkt niet (meer).').waitFor();
    expect(await observer.locator('[data-seq]').count()).toBe(0);
    await expectAccessible(observer, 'observer with a revoked link');
    await observer.reload();
    await observer.getByText('Deze meekijklink werkt niet (meer).').waitFor();

    expect(suite.errors).toEqual([]);
  });
});
