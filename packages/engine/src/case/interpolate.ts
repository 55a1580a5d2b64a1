/** `{{naam}}` → the session's value, or the case default. Unknown names stay visible, never blank. */
import type { CaseFile } from './schema.js';

export function resolveVariables(c: CaseFile, overrides: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.variables ?? {})) out[k] = overrides[k]?.trim() ? overrides[k]! : String(v.default);
  return out;
}

export function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\{\{\s*([^}\s]+)\s*\}\}/g, (m, name: string) => vars[name] ?? m);
}
