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
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) file = index;
    const isIndex = file === index;
    reply.type(TYPES[extname(file)] ?? 'application/octet-stream');
    // Hashed asset names never change content; index.html must always be fresh.
    reply.header('cache-control', isIndex ? 'no-cache' : path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600');
    return reply.send(createReadStream(file));
  });
}
