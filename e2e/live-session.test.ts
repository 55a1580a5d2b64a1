/**
 * A live session in real browsers: a trainer, a projector and five participants (one on a
 * 360 x 740 phone) play "Het advies dat verdween" to its ending: a prediction, an inject, decisions,
 * reveals, feedback, a reflection, a perspective switch, the debrief, reports (page and PDF) and
 * exports. One participant reloads mid-step, another loses the network for a while; both carry on.
 * axe-core runs on every page visited; any violation fails the test.
 */
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../packages/server/src/reports/pdf-text.js';
import { axeViolations, browserSuite, ROOT } from './support.js';

// The screenshots in docs/ are refreshed on request only, so a test run leaves the tree clean.
const SCREENSHOTS = process.env.SAMENSPEL_SCREENSHOTS === '1' ? join(ROOT, 'docs/screenshots') : mkdtempSync(join(tmpdir(), 'samenspel-shots-'));

const suite = browserSuite();
const newPage = (viewport?: { width: number; height: number }) => suite.newPage(viewport);

async function expectAccessible(page: Page, where: string): Promise<void> {
  const violations = await axeViolations(page);
  expect(violations, `axe violations on ${where}`).toEqual([]);
}

interface Player {
  name: string;
  side: string;
  page: Page;
}

async function joinSession(page: Page, code: string, name: string, sideLabel: string): Promise<void> {
  await page.goto(`${suite.server.url}/join/${code}`);
  await page.getByLabel('Je naam').fill(name);
  await expectAccessible(page, `join page (${name})`);
  await page.getByRole('radio', { name: sideLabel }).check();
  await page.getByRole('button', { name: 'Meedoen' }).click();
  await page.getByText(`Je doet mee als ${name}`).waitFor();
}

async function seqOf(page: Page): Promise<number> {
  return Number(await page.locator('[data-seq]').first().getAttribute('data-seq'));
}

async function waitForSeq(page: Page, seq: number): Promise<void> {
  await page.waitForFunction((n) => Number(document.querySelector('[data-seq]')?.getAttribute('data-seq') ?? -1) >= n, seq);
}

/** Answers the open step on this screen with its first option (or a short text) and waits for the receipt. */
async function answerOpenStep(page: Page): Promise<void> {
  const form = page.locator('form.step-form').first();
  const radios = form.getByRole('radio');
  if ((await radios.count()) > 0) await radios.first().check();
  const text = form.locator('textarea');
  if ((await text.count()) > 0) await text.fill('Wat mij opviel: we spraken elkaars taal niet.');
  const before = await seqOf(page);
  await form.locator('button[type="submit"]').click();
  await waitForSeq(page, before + 1);
}

/** Whether this player's screen offers an answer form right now. */
async function hasForm(page: Page): Promise<boolean> {
  return (await page.locator('form.step-form').count()) > 0;
}

describe('live session in the browser', () => {
  beforeAll(() => {
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  it('plays a built-in case from lobby to debrief', async () => {
    // Trainer: login, library, create a session with an adapted variable.
    const trainer = await newPage();
    await trainer.goto(`${suite.server.url}/trainer`);
    await trainer.getByRole('heading', { name: 'Inloggen als trainer' }).waitFor();
    await expectAccessible(trainer, 'login');
    await trainer.getByLabel('E-mailadres').fill(suite.server.email);
    await trainer.getByLabel('Wachtwoord').fill(suite.server.password);
    await trainer.getByRole('button', { name: 'Inloggen' }).click();
    await trainer.getByRole('heading', { name: 'Casusbibliotheek' }).waitFor();
    await trainer.getByLabel('Context').selectOption('gemeente');
    const card = trainer.locator('section.card', { has: trainer.getByRole('heading', { name: 'Het advies dat verdween' }) });
    await card.getByRole('button', { name: 'Kies deze casus' }).click();
    await card.getByText('Handleiding voor de trainer').click();
    await expectAccessible(trainer, 'case library with teaching note');
    const gemeente = card.getByLabel(/gemeente/i).first();
    await gemeente.fill('Oosterwijk');
    await card.getByRole('button', { name: 'Sessie aanmaken' }).click();
    await trainer.getByRole('heading', { name: 'Wachtruimte' }).waitFor();
    const code = (await trainer.locator('.join-code').textContent())!.trim();
    expect(code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
    await expectAccessible(trainer, 'console lobby');

    // Projector, opened from the console's link.
    const projectorHref = await trainer.getByRole('link', { name: /Projectiescherm openen/ }).getAttribute('href');
    const projector = await newPage({ width: 1920, height: 1080 });
    await projector.goto(`${suite.server.url}${projectorHref}`);
    await projector.locator('.join-code').filter({ hasText: code }).waitFor();
    await projector.locator('img.qr').waitFor();
    await expectAccessible(projector, 'projector lobby');

    // A wrong code gets a clear message.
    const stranger = await newPage();
    await stranger.goto(`${suite.server.url}/join/QQQQQQ`);
    await stranger.getByText('Er is geen lopende sessie met code QQQQQQ').waitFor();
    await expectAccessible(stranger, 'join page with a wrong code');

    // Five participants; Bert is on a phone.
    const players: Player[] = [
      { name: 'Anna', side: 'Ambtenaar', page: await newPage() },
      { name: 'Bert', side: 'Bestuurder', page: await newPage({ width: 360, height: 740 }) },
      { name: 'Carla', side: 'Raadslid', page: await newPage() },
      { name: 'Daan', side: 'Ambtenaar', page: await newPage() },
      { name: 'Eva', side: 'Bestuurder', page: await newPage() },
    ];
    for (const p of players) await joinSession(p.page, code, p.name, p.side);
    await expectAccessible(players[1]!.page, 'play page in the lobby (phone)');
    await projector.getByText(`Aangemeld: ${players.length}`).waitFor();
    for (const p of players) await trainer.locator('.participants__item', { hasText: p.name }).waitFor();

    // Roles (balanced, each on their own side) and start.
    const beforeAssign = await seqOf(trainer);
    await trainer.getByRole('button', { name: 'Rollen automatisch verdelen' }).click();
    await waitForSeq(trainer, beforeAssign + 1);
    await trainer.getByRole('button', { name: 'Sessie starten' }).click();
    await trainer.getByText(/Scène: De vraag van de wethouder/).waitFor();
    for (const p of players) await p.page.getByRole('heading', { name: /^Jouw rol:/ }).waitFor();
    // Private texts reach only their role: the wethouder's text about the coalition partner.
    const bertRole = (await players[1]!.page.getByRole('heading', { name: /^Jouw rol:/ }).textContent())!;
    for (const p of players) {
      const sees = (await p.page.getByText('Zwembad vóór de zomer').count()) > 0;
      const isWethouder = /wethouder/i.test((await p.page.getByRole('heading', { name: /^Jouw rol:/ }).textContent())!);
      expect(sees, `${p.name} sees the wethouder's private text`).toBe(isWethouder);
    }
    expect(bertRole).toMatch(/wethouder/i);
    // Who holds the adviseur's role depends on the seeded shuffle; the story does not.
    const advisers: Player[] = [];
    for (const p of players) if (/Beleidsadviseur/.test((await p.page.getByRole('heading', { name: /^Jouw rol:/ }).textContent())!)) advisers.push(p);
    expect(advisers.length).toBeGreaterThan(0);
    const adviser = advisers[0]!.page;
    const carlaPage = players[2]!.page;
    await expectAccessible(trainer, 'console running');

    // Step 1: the prediction. Bert reloads mid-step first, then everybody eligible answers.
    const predicting = [];
    for (const p of players) if (await hasForm(p.page)) predicting.push(p);
    expect(predicting.length).toBeGreaterThan(0);
    await expectAccessible(predicting[0]!.page, 'play page with a prediction');
    await players[1]!.page.screenshot({ path: join(SCREENSHOTS, 'participant.png'), fullPage: true });
    await players[1]!.page.reload();
    await players[1]!.page.getByRole('heading', { name: /^Jouw rol:/ }).waitFor();
    await players[1]!.page.getByText('Voorspelling', { exact: true }).waitFor();
    for (const p of predicting) {
      await p.page.getByRole('radio', { name: "Feiten en scenario's in het raadsvoorstel; de eigen opvatting in het interne advies" }).check();
      // A double click must not answer twice (and must not show an error).
      await p.page.getByRole('button', { name: 'Voorspelling insturen' }).dblclick();
      await p.page.getByText('Je antwoord is ontvangen').waitFor();
    }
    await trainer.getByText(`${predicting.length} van ${predicting.length} hebben geantwoord`).first().waitFor();

    // Inject to the adviseur only.
    await trainer.getByRole('button', { name: 'Inbrengen: Een raadslid belt de adviseur' }).click();
    await adviser.getByRole('heading', { name: 'Een raadslid belt de adviseur' }).waitFor();
    // Not seeing it says something only once Carla's screen holds the same moment.
    await waitForSeq(carlaPage, await seqOf(adviser));
    expect(await carlaPage.getByText('Een raadslid belt de adviseur').count()).toBe(0);

    // Reveal the prediction on the projector.
    await trainer.getByRole('button', { name: 'Uitslag tonen' }).click();
    await projector.getByText('Verdeling van de antwoorden').waitFor();
    await expectAccessible(projector, 'projector with a revealed prediction');

    // Step 2: the adviseur decides; the step closes itself when the last adviser answered.
    await trainer.getByRole('button', { name: 'Volgende stap' }).click();
    const scenarios = "Feiten en scenario's in het raadsvoorstel; de eigen opvatting in het interne advies";
    await adviser.getByRole('radio', { name: scenarios }).waitFor();
    await waitForSeq(carlaPage, await seqOf(adviser));
    expect(await hasForm(carlaPage)).toBe(false);
    await expectAccessible(adviser, 'play page with a decision and an inject');
    for (const a of advisers) {
      await a.page.getByRole('radio', { name: scenarios }).check();
      await a.page.getByRole('button', { name: 'Antwoord insturen' }).click();
      await a.page.getByText('Je antwoord is ontvangen').waitFor();
    }
    await trainer.getByText('Besluit · gesloten').waitFor();
    await trainer.screenshot({ path: join(SCREENSHOTS, 'trainer.png'), fullPage: true });
    await trainer.getByRole('button', { name: 'Uitslag tonen' }).click();
    await projector.getByText(/Besluit: Feiten en scenario's/).waitFor();
    await projector.screenshot({ path: join(SCREENSHOTS, 'projector.png'), fullPage: true });
    await adviser.getByText(/Besluit: Feiten en scenario's/).waitFor();
    await expectAccessible(adviser, 'play page with a revealed decision');

    // Personal feedback to Carla.
    await trainer.getByLabel('Aan', { exact: true }).selectOption({ label: 'Carla' });
    await trainer.getByLabel('Je feedback').fill('Sterke vraag aan de wethouder, Carla.');
    await trainer.getByRole('button', { name: 'Feedback versturen' }).click();
    await carlaPage.getByText('Sterke vraag aan de wethouder, Carla.').waitFor();
    await waitForSeq(adviser, await seqOf(carlaPage));
    expect(await adviser.getByText('Sterke vraag aan de wethouder').count()).toBe(0);

    // Step 3: a reflection, with the choice to show one's name.
    await trainer.getByRole('button', { name: 'Volgende stap' }).click();
    await adviser.getByLabel(/Wanneer is een advies/).waitFor();
    await expectAccessible(adviser, 'play page with a reflection');
    await adviser.getByLabel(/Wanneer is een advies/).fill('Als het onderbouwd is met cijfers.');
    await adviser.getByRole('checkbox', { name: 'Toon mijn naam bij deze reflectie' }).check();
    await adviser.getByRole('button', { name: 'Antwoord insturen' }).click();
    await adviser.getByText('Je antwoord is ontvangen').waitFor();

    // Perspective switch: everybody moves off their own side and keeps their history.
    await trainer.getByRole('button', { name: 'Perspectief wisselen' }).click();
    await trainer.getByText('ronde 2', { exact: false }).waitFor();
    const bert = players[1]!.page;
    await bert.getByText(/^Eerder speelde je: Wethouder/).waitFor();
    expect(await bert.getByRole('heading', { name: /^Jouw rol:/ }).textContent()).not.toMatch(/wethouder/i);
    await expectAccessible(bert, 'play page after the perspective switch (phone)');

    // Carla's wifi drops mid-step; she comes back and the screen carries on by itself.
    const carlaCtx = players[2]!.page.context();
    await carlaCtx.setOffline(true);
    await players[2]!.page.getByText('Verbinding verbroken').waitFor();
    await carlaCtx.setOffline(false);
    await players[2]!.page.getByText('Verbonden', { exact: true }).waitFor({ timeout: 20_000 });

    // Play the rest of the case to its ending: everybody answers whatever is open to them,
    // the trainer decides for roles nobody holds, reveals and moves on.
    for (let guard = 0; guard < 25; guard++) {
      const seq = await seqOf(trainer);
      if ((await trainer.getByText(/^Afgelopen/).count()) > 0) break;
      for (const p of players) {
        await waitForSeq(p.page, seq);
        if (await hasForm(p.page)) await answerOpenStep(p.page);
      }
      if ((await trainer.locator('.trainer-decides form').count()) > 0) await answerOpenStep(trainer);
      const reveal = trainer.getByRole('button', { name: 'Uitslag tonen' });
      if ((await reveal.count()) > 0) {
        const before = await seqOf(trainer);
        await reveal.click();
        await waitForSeq(trainer, before + 1);
      }
      const before = await seqOf(trainer);
      await trainer.getByRole('button', { name: 'Volgende stap' }).click();
      await waitForSeq(trainer, before + 1);
    }
    await trainer.getByText(/^Afgelopen/).waitFor();
    const endingTitle = projector.getByRole('heading', { name: /Een gedragen besluit|Besluit onder voorbehoud|Motie van wantrouwen/ });
    await endingTitle.waitFor();

    // Each phone built its history of earlier steps from diffs that carry only the new steps;
    // after a reload (one whole view) it must read exactly the same.
    const finalSeq = await seqOf(trainer);
    for (const p of players) {
      await waitForSeq(p.page, finalSeq);
      const live = await p.page.locator('details.history').textContent();
      expect(live, `${p.name}'s history`).toBeTruthy();
      await p.page.reload();
      await waitForSeq(p.page, finalSeq);
      expect(await p.page.locator('details.history').textContent(), `${p.name}'s history after a reload`).toBe(live);
    }

    // The debrief: prediction accuracy matches what was predicted (everybody predicted "scenarios").
    await trainer.getByRole('heading', { name: 'Nabespreking' }).waitFor();
    const n = predicting.length;
    await trainer.locator('.facts').getByText(`100% goed (${n} van ${n})`).first().waitFor();
    await trainer.getByRole('cell', { name: /Feiten en scenario's/ }).first().waitFor();
    await expectAccessible(trainer, 'console debrief');
    const csvHref = await trainer.getByRole('link', { name: 'Keuzes (CSV)' }).getAttribute('href');
    const csv = await (await trainer.request.get(`${suite.server.url}${csvHref}`)).text();
    expect(csv).toContain('reactie-adviseur');
    expect(csv).toContain('scenarios');
    await trainer.locator('#debrief-title').scrollIntoViewIfNeeded();
    await trainer.screenshot({ path: join(SCREENSHOTS, 'debrief.png'), fullPage: true });
    await players[1]!.page.getByRole('heading', { name: 'Nabespreking' }).waitFor();
    await expectAccessible(players[1]!.page, 'play page after the end (phone)');
    await projector.getByRole('heading', { name: 'Nabespreking' }).waitFor();
    await expectAccessible(projector, 'projector debrief');

    // Carla's personal report carries her name and the feedback written to her.
    await carlaPage.getByRole('link', { name: 'Je persoonlijke verslag' }).click();
    await carlaPage.getByRole('heading', { name: 'Persoonlijk verslag van Carla' }).waitFor();
    await carlaPage.getByText('Sterke vraag aan de wethouder, Carla.').waitFor();
    await expectAccessible(carlaPage, 'personal report');
    const [download] = await Promise.all([carlaPage.waitForEvent('download'), carlaPage.getByRole('button', { name: 'PDF downloaden' }).click()]);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pdfContent = pdfText(pdf);
    expect(pdfContent).toContain('Carla');
    expect(pdfContent).toContain('Sterke vraag aan de wethouder, Carla.');
    await carlaPage.goBack();
    await carlaPage.getByRole('heading', { name: 'Nabespreking' }).waitFor();
    await trainer.getByRole('link', { name: 'Sessieverslag en persoonlijke verslagen' }).click();
    await trainer.getByRole('heading', { name: /^Sessieverslag/ }).waitFor();
    await expectAccessible(trainer, 'session report');

    // English switch works on the participant's page.
    await players[2]!.page.getByRole('button', { name: 'English' }).click();
    await players[2]!.page.getByRole('heading', { name: 'Debrief' }).waitFor();
    expect(await players[2]!.page.evaluate(() => document.documentElement.lang)).toBe('en');
    await expectAccessible(players[2]!.page, 'play page in English');

    expect(suite.errors).toEqual([]);
  });
});
