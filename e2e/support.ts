/** Shared by the browser tests: a real server on a free port with its own data dir, Chromium, axe-core. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '..');
const AXE = join(ROOT, 'node_modules/axe-core/axe.min.js');

export function ensureWebBuilt(): void {
  if (existsSync(join(ROOT, 'packages/web/dist/index.html'))) return;
  // Vitest sets NODE_ENV=test, and Vite keeps a NODE_ENV it finds: the bundle then kept Preact's
  // development code (66 instead of 51 KB). The browser tests test what `npm start` serves.
  const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) throw new Error('web build failed');
}

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}

export interface RunningServer {
  url: string;
  email: string;
  password: string;
  dataDir: string;
  stop(): Promise<void>;
}

export async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'samenspel-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'packages/server/src/cli/main.ts'), 'serve', '--port', String(port), '--data', dataDir], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 60_000;
  while (!/wachtwoord:\s+(\S+)/.test(out)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const email = /e-mail:\s+(\S+)/.exec(out)![1]!;
  const password = /wachtwoord:\s+(\S+)/.exec(out)![1]!;
  return {
    url: `http://127.0.0.1:${port}`,
    email,
    password,
    dataDir,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Runs axe-core on the page as it is now; returns readable violations (empty = accessible). */
export async function axeViolations(page: Page): Promise<string[]> {
  const has = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!has) await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary}`).join(' | ')}`);
  });
  return result;
}

export interface BrowserSuite {
  /** The server, once the suite's beforeAll has run. */
  readonly server: RunningServer;
  /**
   * A page in a context of its own, in Dutch. axe is injected as a script tag, which our own CSP
   * rightly blocks, so the CSP is bypassed; breaches of it by the app itself and uncaught page
   * errors are still collected in `errors` through the console.
   */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  readonly errors: string[];
}

/** The built web app, a server and Chromium for one test file: started before its tests, closed with every page after them. */
export function browserSuite(): BrowserSuite {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const errors: string[] = [];
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
  return {
    get server() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server;
    },
    errors,
    async newPage(viewport = { width: 1280, height: 900 }) {
      if (!browser) throw new Error('the browser starts in beforeAll');
      const ctx = await browser.newContext({ viewport, bypassCSP: true, locale: 'nl-NL' });
      contexts.push(ctx);
      const page = await ctx.newPage();
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      return page;
    },
  };
}
