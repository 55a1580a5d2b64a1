/**
 * A live page that receives a diff which does not follow the view it holds (a server instance
 * that is behind, just after a reconnect) must not apply it: it drops the connection and opens a
 * fresh one, which starts with a whole view (packages/web/src/api/useSessionView.ts). The first
 * stream of the projector page is answered here with a real view and such a diff; the next goes
 * to the real server. A diff that does follow is applied, without a new connection: that is the
 * control, so the reconnect seen is the one the mismatch caused. `retry: 600000` in the answered
 * stream keeps EventSource from reconnecting by itself within the test. axe-core runs at the end.
 */
import type { Page, Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SessionView } from '@samenspel/engine';
import { axeViolations, browserSuite } from './support.js';

const CASE_ID = 'het-advies-dat-verdween';
const CSRF = { 'x-samenspel': '1' };

const suite = browserSuite();
const sse = (event: string | null, id: number, data: unknown) => `${event ? `event: ${event}\n` : ''}id: ${id}\ndata: ${JSON.stringify(data)}\n\n`;

/**
 * The projector page of a new session in the lobby, not opened yet. Its first stream is answered
 * here with the projector's real view and then a diff from `view.seq + fromOffset` that sets the
 * title; later streams reach the server. `streams()` counts them all.
 */
async function projectorWithDiff(fromOffset: number, title: string) {
  const { server } = suite;
  const page = await suite.newPage({ width: 1280, height: 800 });
  const login = await page.request.post(`${server.url}/api/auth/login`, { headers: CSRF, data: { email: server.email, password: server.password } });
  expect(login.status()).toBe(200);
  const created = await page.request.post(`${server.url}/api/sessions`, { headers: CSRF, data: { caseId: CASE_ID, variables: { gemeente: 'Oosterwijk' } } });
  expect(created.status()).toBe(201);
  const session = (await created.json()) as { id: string; joinCode: string; projectorToken: string; links: { projector: string } };
  const viewed = await page.request.get(`${server.url}/api/sessions/${session.id}/view`, { headers: { authorization: `Bearer ${session.projectorToken}` } });
  expect(viewed.status()).toBe(200);
  const { view } = (await viewed.json()) as { view: SessionView };
  expect(view.status).toBe('lobby');
  const now = Date.now();
  const seq = view.seq + fromOffset + 1;
  const events = sse(null, view.seq, { view, serverTime: now }) + sse('diff', seq, { from: view.seq + fromOffset, set: { seq, title }, serverTime: now });
  let n = 0;
  await page.route(/\/api\/sessions\/[^/]+\/stream/, async (route: Route) => {
    n++;
    if (n > 1) return route.continue();
    await route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, body: `retry: 600000\n\n${events}` });
  });
  return { page, session, view, streams: () => n };
}

describe('a live page and a diff that does not follow its view', () => {
  it('applies a diff that follows, without a new connection (control)', async () => {
    const { page, session, streams } = await projectorWithDiff(0, 'Een titel die volgt');
    await page.goto(session.links.projector);
    await page.getByRole('heading', { level: 1, name: 'Een titel die volgt' }).waitFor();
    await page.waitForTimeout(3000);
    expect(streams()).toBe(1);
  });

  it('drops a diff that does not follow and starts again from a whole view of the server', async () => {
    const { page, session, view, streams } = await projectorWithDiff(6, 'Een titel die niet volgt');
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
    await expect.poll(streams, { timeout: 10_000 }).toBe(2);
    await page.getByRole('heading', { level: 1, name: view.title }).waitFor();
    // And it is live: somebody joins, the projector counts them.
    await page.getByText('Aangemeld: 0').waitFor();
    const joined = await page.request.post(`${suite.server.url}/api/join/${session.joinCode}`, { headers: CSRF, data: { name: 'Anna', side: 'ambtenaar' } });
    expect(joined.status()).toBe(201);
    await page.getByText('Aangemeld: 1').waitFor();
    expect(titles).not.toContain('Een titel die niet volgt');
    expect(await axeViolations(page), 'axe violations on the projector after the reconnect').toEqual([]);
    expect(suite.errors).toEqual([]);
  });
});
