import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';

/** Text formats worth compressing; images and fonts in dist are already compressed formats. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.txt', '.webmanifest', '.map']);

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

const VAR_REF = /var\(\s*(--[\w-]+)/g;

/** Every file under dir whose name ends in one of the suffixes (for scanning sources). */
function filesUnder(dir: string, suffixes: string[]): string[] {
  return [...walk(dir)].filter((f) => suffixes.some((s) => f.endsWith(s)));
}

/**
 * Drops the design tokens nothing can use from the theme file (`.utrecht-theme { --…: …; }`).
 * It defines ~1240 custom properties for every Utrecht component; the app uses a few hundred,
 * and the rest (~5 KB compressed) would only delay the first paint on a slow link.
 *
 * It runs when the theme file is loaded, not on the finished bundle, so the asset's content
 * hash covers the pruned text and an immutable cached copy can never be stale. A token is kept
 * when any Utrecht component package this app depends on, or any file in src (CSS, or code that
 * names a token), refers to it, or a kept token does: adding a component to package.json and
 * main.tsx keeps its tokens without touching this.
 */
function pruneThemeTokens(): Plugin {
  const webDir = import.meta.dirname;
  return {
    name: 'samenspel:prune-theme-tokens',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!id.split('?')[0]!.replace(/\\/g, '/').endsWith('/@utrecht/design-tokens/dist/theme.css')) return null;
      const m = /^\s*\.utrecht-theme\s*\{([^}]*)\}\s*$/.exec(code.replace(/\/\*[\s\S]*?\*\//g, ''));
      if (!m) return null; // Not the shape this expects: better unpruned than broken.
      const decls = m[1]!
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d): [string, string] => [d.slice(0, d.indexOf(':')).trim(), d.slice(d.indexOf(':') + 1).trim()]);
      if (!decls.every(([k]) => k.startsWith('--'))) return null;
      const pkg = JSON.parse(readFileSync(join(webDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      const sources = [
        ...Object.keys(pkg.dependencies ?? {})
          .filter((name) => name.startsWith('@utrecht/') && name.endsWith('-css'))
          .map((name) => join(webDir, '../../node_modules', name, 'dist/index.css')),
        ...filesUnder(join(webDir, 'src'), ['.css', '.ts', '.tsx']),
      ];
      const wanted: string[] = [];
      for (const file of sources) {
        this.addWatchFile(file);
        for (const r of readFileSync(file, 'utf8').matchAll(/--[a-zA-Z][\w-]*/g)) wanted.push(r[0]);
      }
      const values = new Map(decls);
      const keep = new Set<string>();
      while (wanted.length > 0) {
        const name = wanted.pop()!;
        if (keep.has(name)) continue;
        keep.add(name);
        for (const r of (values.get(name) ?? '').matchAll(VAR_REF)) wanted.push(r[1]!);
      }
      const body = decls.filter(([k]) => keep.has(k)).map(([k, v]) => `  ${k}: ${v};\n`).join('');
      return { code: `.utrecht-theme {\n${body}}\n`, map: null };
    },
  };
}

/**
 * Writes file.br and file.gz next to every text file in the output, once, at maximum quality,
 * so the server only picks a file (static-web.ts) and never compresses per request: a phone on
 * slow 3G then downloads a fraction of the bytes without costing the server CPU.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'samenspel:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After writing, so files copied from public/ are included too.
    writeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        for (const file of walk(outDir)) {
          if (!COMPRESSIBLE.has(extname(file))) continue;
          const raw = readFileSync(file);
          const br = brotliCompressSync(raw, {
            params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          });
          const gz = gzipSync(raw, { level: 9 });
          // A variant that is not smaller would only cost bytes and a header.
          if (br.length < raw.length) writeFileSync(`${file}.br`, br);
          if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
        }
      },
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  // The source is written against React's API and types; at run time `react` and `react-dom`
  // are aliased to `preact/compat` (about 7 KB compressed instead of about 55 KB of React DOM),
  // see docs/decisions/0007-preact-at-runtime.md. The preset also gives fast refresh in dev.
  plugins: [preact({ prerender: { enabled: false } }), pruneThemeTokens(), precompress()],
  // Likewise pages import `useTranslation` from react-i18next (its API and types), and get the
  // small runtime in src/i18n/runtime.ts instead of i18next + react-i18next (~17 KB compressed).
  resolve: { alias: { 'react-i18next': resolve(import.meta.dirname, 'src/i18n/runtime.ts') } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The polyfill would be inlined; the CSP allows no inline script.
    modulePreload: { polyfill: false },
    target: 'es2022',
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
