/**
 * The stream's fan-out: whatever a stream receives (a whole view, diffs, patches, messages shared
 * between streams of one kind), the view a browser builds from it is exactly the view that
 * GET /view gives that caller at the same sequence number: for the trainer, the projector,
 * the one who answered and everybody else.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyPatch, applyViewDiff, type SessionView, type ViewDiff, type ViewPatch } from '@samenspel/engine';
import { configFromEnv } from '../config.js';
import { buildApp } from './app.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CSRF = { 'x-samenspel': '1' };
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** What a browser holds: the first view, with every diff and patch applied to it. */
class Browser {
  view: SessionView | null = null;
  patches = 0;
  diffs = 0;
  wholeViews = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private reader: ReadableStreamDefaultReader<Uint8Array> | null = null;

  async open(url: string, headers: Record<string, string>): Promise<void> {
    const res = await fetch(url, { headers });
    expect(res.status).toBe(200);
    this.reader = res.body!.getReader();
    void this.pump();
  }

  private async pump(): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const chunk = await this.reader!.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      let i: number;
      while ((i = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        let event = 'message';
        let data: string | null = null;
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data = line.slice(6);
        }
        if (data === null) continue;
        if (event === 'patch') {
          const patch = JSON.parse(data) as ViewPatch;
          expect(this.view, 'a patch before any view').not.toBeNull();
          this.view = applyPatch(this.view!, patch);
          this.patches++;
        } else if (event === 'diff') {
          const diff = JSON.parse(data) as ViewDiff;
          expect(diff.from, 'a diff that does not follow the view held').toBe(this.view?.seq);
          this.view = applyViewDiff(this.view!, diff);
          this.diffs++;
        } else {
          this.view = (JSON.parse(data) as { view: SessionView }).view;
          this.wholeViews++;
        }
        this.waiters = this.waiters.filter((w) => (this.view!.seq >= w.seq ? (w.resolve(), false) : true));
      }
    }
  }

  waitFor(seq: number): Promise<void> {
    if (this.view && this.view.seq >= seq) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  async close(): Promise<void> {
    await this.reader?.cancel().catch(() => undefined);
  }
}

describe('stream fan-out', () => {
  it('gives every viewer, from a view, diffs and patches, exactly its own view', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'samenspel-stream-'));
    dirs.push(dataDir);
    const { app, demoLogin } = await buildApp(configFromEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', CASES_DIR: join(ROOT, 'cases') }), { presenceGraceMs: 50 });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: CSRF, payload: demoLogin! });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const created = await app.inject({ method: 'POST', url: '/api/sessions', headers: { ...CSRF, cookie }, payload: { caseId: 'het-advies-dat-verdween' } });
      const s = created.json() as { id: string; joinCode: string; projectorToken: string };
      const people: { participantId: string; seatToken: string }[] = [];
      for (const [name, side] of [['Anna', 'ambtenaar'], ['Bert', 'bestuurder'], ['Carla', 'raadslid'], ['Dirk', 'ambtenaar'], ['Eva', 'bestuurder']] as const) {
        const r = await app.inject({ method: 'POST', url: `/api/join/${s.joinCode}`, headers: CSRF, payload: { name, side } });
        expect(r.statusCode, r.body).toBe(201);
        people.push(r.json());
      }
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      const streamUrl = `${address}/api/sessions/${s.id}/stream`;
      const viewers: { name: string; auth: Record<string, string>; browser: Browser }[] = [
        { name: 'trainer', auth: { cookie }, browser: new Browser() },
        // A second trainer-kind stream shares the trainer's messages.
        { name: 'trainer again', auth: { cookie }, browser: new Browser() },
        { name: 'projector', auth: { authorization: `Bearer ${s.projectorToken}` }, browser: new Browser() },
        ...people.map((p, i) => ({ name: `participant ${i}`, auth: { authorization: `Bearer ${p.seatToken}` }, browser: new Browser() })),
      ];
      // Every other one as today's browser does (`append` in diffs), the rest as a page loaded before it.
      for (const [i, v] of viewers.entries()) await v.browser.open(i % 2 ? `${streamUrl}?append=1` : streamUrl, v.auth);
      const post = async (auth: Record<string, string>, command: object) => {
        const r = await app.inject({ method: 'POST', url: `/api/sessions/${s.id}/commands`, headers: { ...CSRF, ...auth }, payload: { idempotencyKey: crypto.randomUUID(), command } });
        expect(r.statusCode, r.body).toBe(200);
        return (r.json() as { seq: number }).seq;
      };
      const check = async (seq: number) => {
        for (const v of viewers) {
          await v.browser.waitFor(seq);
          const fresh = await app.inject({ url: `/api/sessions/${s.id}/view`, headers: v.auth });
          const expected = (fresh.json() as { view: SessionView }).view;
          expect(v.browser.view!.seq, v.name).toBe(expected.seq);
          expect(v.browser.view, v.name).toEqual(expected);
        }
      };
      await check(await post({ cookie }, { type: 'start' }));
      let answered = 0;
      for (let round = 0; round < 3; round++) {
        for (const [i, p] of people.entries()) {
          const mine = viewers[3 + i]!.browser.view!;
          const step = mine.step;
          if (!step || step.status !== 'open' || !step.mine?.eligible || step.mine.answer) continue;
          const answer =
            step.type === 'decision' || step.type === 'prediction' ? { kind: 'option', optionId: step.options![0]!.id }
            : step.type === 'ranking' ? { kind: 'ranking', order: step.items!.map((x) => x.id) }
            : step.type === 'scale' ? { kind: 'scale', value: step.scale!.min }
            : { kind: 'text', text: 'Een antwoord.' };
          await check(await post({ authorization: `Bearer ${p.seatToken}` }, { type: 'answer', stepId: step.id, answer }));
          answered++;
        }
        await check(await post({ cookie }, { type: 'advance' }));
      }
      expect(answered).toBeGreaterThan(3);
      // Patches did go out, to the trainer, the answerers and the others; after the first whole view, only diffs.
      for (const v of viewers) expect(v.browser.patches, v.name).toBeGreaterThan(0);
      for (const v of viewers) expect(v.browser.diffs, v.name).toBeGreaterThan(0);
      for (const v of viewers) expect(v.browser.wholeViews, v.name).toBe(1);
      for (const v of viewers) await v.browser.close();
    } finally {
      await app.close();
    }
  });
});
