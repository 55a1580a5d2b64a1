/** Serves the built web app with an SPA fallback: unknown non-API paths get index.html. */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
};

/** Pre-compressed variants written by the build (packages/web/vite.config.ts), best first. */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** The codings the client accepts (q > 0), from its Accept-Encoding header. */
function accepted(header: string | string[] | undefined): Set<string> {
  const out = new Set<string>();
  for (const part of String(header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    // "gzip;q=0" means "never gzip", so it must not count as accepted.
    if (q && !(Number(q.slice(2)) > 0)) continue;
    out.add(name);
  }
  return out;
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** `/join/<code>` as the web app's router reads it (router in App.tsx), for a code that can be valid. */
const JOIN_PAGE = /^\/join\/([A-Za-z0-9]{1,20})\/?$/;

/**
 * index.html for the participant's join page, with a preload of the join-code lookup that the page
 * does first (`GET /api/join/<code>`, pages/JoinPage.tsx). On slow 3G the lookup then travels
 * while the script downloads instead of after it has run: one round trip (~0.4 s) less before the
 * form can be used. A `<link>`, not an inline script, so the CSP stays without 'unsafe-inline';
 * the code is letters and digits only, so it needs no escaping and the URL is exactly the one the
 * page asks for (any other URL would not match the preload and be fetched twice).
 */
function joinPageHtml(index: string, code: string): string | null {
  const html = readFileSync(index, 'utf8');
  const at = html.indexOf('</head>');
  if (at < 0) return null;
  return `${html.slice(0, at)}  <link rel="preload" as="fetch" crossorigin href="/api/join/${code}">\n  ${html.slice(at)}`;
}

export function registerStaticWeb(app: FastifyInstance, webDir: string): void {
  const root = normalize(webDir + sep);
  app.get('/*', async (req, reply) => {
    let path: string;
    try {
      path = decodeURIComponent(req.url.split('?')[0]!);
    } catch {
      return sendError(req, reply, 400, 'invalid-input', { field: 'url' });
    }
    if (path.startsWith('/api/')) return sendError(req, reply, 404, 'not-found');
    const index = join(root, 'index.html');
    if (!existsSync(index)) return sendError(req, reply, 503, 'web-not-built');
    let file = normalize(join(root, path));
    if (!file.startsWith(root) || !isFile(file)) file = index;
    const isIndex = file === index;
    const joinCode = isIndex ? JOIN_PAGE.exec(path)?.[1] : undefined;
    const joinHtml = joinCode ? joinPageHtml(index, joinCode) : null;
    if (joinHtml !== null) {
      // Half a kilobyte made per request: sent as is, compressing it would gain a few hundred bytes.
      reply.type(TYPES['.html']!).header('cache-control', 'no-cache');
      return reply.send(joinHtml);
    }
    reply.type(TYPES[extname(file)] ?? 'application/octet-stream');
    // Hashed asset names never change content; index.html must always be fresh.
    reply.header('cache-control', isIndex ? 'no-cache' : path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
    // The build wrote .br/.gz next to each text file; send the smallest the client accepts. Any
    // file with a variant gets Vary, so a shared cache never hands brotli to a client without it.
    const variants = ENCODINGS.filter((e) => isFile(file + e.suffix));
    let body = file;
    if (variants.length > 0) {
      reply.header('vary', 'accept-encoding');
      const ok = accepted(req.headers['accept-encoding']);
      const chosen = variants.find((e) => ok.has(e.name)) ?? (ok.has('*') ? variants[0] : undefined);
      if (chosen) {
        body = file + chosen.suffix;
        reply.header('content-encoding', chosen.name);
      }
    }
    reply.header('content-length', statSync(body).size);
    return reply.send(createReadStream(body));
  });
}
