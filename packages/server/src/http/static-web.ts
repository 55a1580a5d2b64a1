/** Serves the built web app with an SPA fallback: unknown non-API paths get index.html. */
import { createReadStream, existsSync, statSync } from 'node:fs';
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
