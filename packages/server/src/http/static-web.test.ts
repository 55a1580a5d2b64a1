import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerSecurity } from './security.js';
import { registerStaticWeb } from './static-web.js';

const INDEX = '<!doctype html><html><head><title>Samenspel</title><script type="module" crossorigin src="/assets/index-x.js"></script></head><body><div id="root"></div></body></html>';

describe('static web', () => {
  let dir: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'samenspel-static-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'index.html.br'), brotliCompressSync(INDEX));
    writeFileSync(join(dir, 'assets', 'index-x.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'index-x.js.br'), brotliCompressSync('console.log(1)'));
    app = Fastify();
    registerSecurity(app);
    registerStaticWeb(app, dir);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('preloads the join-code lookup on the join page, with the CSP unchanged', async () => {
    const res = await app.inject({ url: '/join/ABC123', headers: { 'accept-encoding': 'br' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body).toContain('<link rel="preload" as="fetch" crossorigin href="/api/join/ABC123">');
    expect(res.body.indexOf('rel="preload"')).toBeLessThan(res.body.indexOf('</head>'));
    expect(res.body).not.toMatch(/<script>/);
    expect(res.headers['content-security-policy']).toContain("script-src 'self';");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('adds nothing for other pages or for a code that cannot be one', async () => {
    for (const url of ['/', '/join', '/join/', '/trainer', '/join/AB%22%3E%3Cscript%3E', '/join/ABC/extra']) {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br' } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBe('br');
      expect(res.rawPayload.equals(brotliCompressSync(INDEX)), url).toBe(true);
    }
  });

  it('still sends the precompressed variant of an asset', async () => {
    const res = await app.inject({ url: '/assets/index-x.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['cache-control']).toContain('immutable');
  });
});
