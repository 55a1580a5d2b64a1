/**
 * A live page that receives a diff which does not follow the view it holds (a server instance
 * that is behind, just after a reconnect) must not apply it: it drops the connection and opens a
 * fresh one, which starts with a whole view (packages/web/src/api/useSessionView.ts). The first
 * stream of the projector page is answered here with a real view and such a diff; the next goes
 * to the real server. A diff that does follow is applied, without a new connection: that is the
 * control, so the reconnect seen is the one the mismatch caused. `retry: 600000` in the answered
 * stream keeps EventSource from reconnecting by itself within the test. axe-core runs at the end.
 */
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '@samenspel/engine';
import { axeViolations, ensureWebBuilt, launchChromium, startServer, type RunningServer } from './support.js';

const CASE_ID = 'het-advies-dat-verdween';
const CSRF = { 'x-samenspel': '1' };

let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

async function newPage(): Promise<Page> {
  // axe is injected as a script tag, which our own CSP rightly blocks.
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true, locale: 'nl-NL' });
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`page error: ${e.message}`));
  return page;
}

/** A session in the lobby with its projector link and the projector's real current view. */
async function projectorSession(page: Page) {
  const login = await page.request.post(`${server.url}/api/auth/login`, { headers: CSRF, data: { email: server.email, password: server.password } });
  expect(login.status()).toBe(200);
  const created = await page.request.post(`${server.url}/api/sessions`, { headers: CSRF, data: { caseId: CASE_ID, variables: { gemeente: 'Oosterwijk' } } });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string; joinCode: string; projectorToken: string; links: { projector: string } };
  const viewed = await page.request.get(`${server.url}/api/sessions/${session.id}/view`, { headers: { authorization: `Bearer ${session.projectorToken}` } });
  expect(viewed.status()).toBe(200);
  const { view } = (await viewed.json()) as { view: SessionView };
  expect(view.status).toBe('lobby');
  return { session, view };
}

/** Answers the page's first stream request with `events`, and lets later ones reach the server; counts them all. */
async function firstStreamAnswered(page: Page, events: string): Promise<{ count: () => number }> {
  let n = 0;
  await page.route(/\/api\/sessions\/[^/]+\/stream/, async (route: Route) => {
    n++;
    if (n > 1) return route.continue();
    await route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, body: `retry: 600000\n\n${events}` });
  });
  return { count: () => n };
}

const sse = (event: string | null, id: number, data: unknown) => `${event ? `event: ${event}\n` : ''}id: ${id}\ndata: ${JSON.stringify(data)}\n\n`;

describe('a live page and a diff that does not follow its view', () => {
  beforeAll(async () => {
    ensureWebBuilt();
    server = await startServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('applies a diff that follows, without a new connection (control)', async () => {
    const page = await newPage();
    const { session, view } = await projectorSession(page);
    const now = Date.now();
    const streams = await firstStreamAnswered(
      page,
      sse(null, view.seq, { view, serverTime: now }) + sse('diff', view.seq + 1, { from: view.seq, set: { seq: view.seq + 1, title: 'Een titel die volgt' }, serverTime: now }),
    );
    await page.goto(session.links.projector);
    await page.getByRole('heading', { level: 1, name: 'Een titel die volgt' }).waitFor();
    await page.waitForTimeout(3000);
    expect(streams.count()).toBe(1);
  });

  it('drops a diff that does not follow and starts again from a whole view of the server', async () => {
    const page = await newPage();
    const { session, view } = await projectorSession(page);
    const now = Date.now();
    const streams = await firstStreamAnswered(
      page,
      sse(null, view.seq, { view, serverTime: now }) + sse('diff', view.seq + 7, { from: view.seq + 6, set: { seq: view.seq + 7, title: 'Een titel die niet volgt' }, serverTime: now }),
    );
    const titles: string[] = [];
    await page.exposeFunction('recordTitle', (t: string) => titles.push(t));
    await page.addInitScript(() => {
      new MutationObserver(() => {
        const h1 = document.querySelector('h1');
        if (h1?.textContent) void (window as unknown as { recordTitle: (t: string) => Promise<void> }).recordTitle(h1.textContent);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(session.links.projector);
    // A second connection, right away (EventSource itself would wait ten minutes), to the server.
    await expect.poll(() => streams.count(), { timeout: 10_000 }).toBe(2);
    await page.getByRole('heading', { level: 1, name: view.title }).waitFor();
    // And it is live: somebody joins, the projector counts them.
    await page.getByText('Aangemeld: 0').waitFor();
    const joined = await page.request.post(`${server.url}/api/join/${session.joinCode}`, { headers: CSRF, data: { name: 'Anna', side: 'ambtenaar' } });
    expect(joined.status()).toBe(201);
    await page.getByText('Aangemeld: 1').waitFor();
    expect(titles).not.toContain('Een titel die niet volgt');
    expect(await axeViolations(page), 'axe violations on the projector after the reconnect').toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
