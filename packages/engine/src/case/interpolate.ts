/** `{{naam}}` → the session's value, or the case default. Unknown names stay visible, never blank. */
import type { CaseFile } from './schema.js';

export function resolveVariables(c: CaseFile, overrides: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.variables ?? {})) out[k] = overrides[k]?.trim() ? overrides[k]! : String(v.default);
  return out;
}

// Every view interpolates every visible text of the case again; a session's variables object
// stays the same for its whole life, so each text is interpolated once per session.
const done = new WeakMap<Record<string, string>, Map<string, string>>();

export function interpolate(text: string, vars: Record<string, string>): string {
  if (!text.includes('{{')) return text;
  let cache = done.get(vars);
  if (!cache) done.set(vars, (cache = new Map()));
  let out = cache.get(text);
  if (out === undefined) {
    out = text.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (m, name: string) => vars[name] ?? m);
    cache.set(text, out);
  }
  return out;
}
