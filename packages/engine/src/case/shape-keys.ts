/** The field names the schema allows at a path, to tell an author what they could have meant. */
import type { z } from 'zod';
import { caseSchema } from './schema.js';

type Def = { type: string; shape?: Record<string, z.ZodType>; element?: z.ZodType; innerType?: z.ZodType; valueType?: z.ZodType; options?: z.ZodType[]; items?: z.ZodType[] };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

export function caseShapeKeys(root: unknown, path: readonly (string | number)[]): string[] {
  let schema: z.ZodType | undefined = caseSchema;
  let value: unknown = root;
  for (const seg of path) {
    schema = schema && pick(unwrap(schema), value, seg);
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[seg] : undefined;
  }
  const obj = schema && objectFor(unwrap(schema), value);
  return obj ? Object.keys(defOf(obj).shape ?? {}) : [];
}

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  while (defOf(cur).type === 'optional' || defOf(cur).type === 'default') cur = defOf(cur).innerType!;
  return cur;
}

function objectFor(s: z.ZodType, value: unknown): z.ZodType | undefined {
  const def = defOf(s);
  if (def.type === 'object') return s;
  if (def.type === 'union') {
    const candidates = def.options!.map(unwrap).filter((o) => defOf(o).type === 'object');
    const type = value && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
    const byType = candidates.find((o) => {
      const t = defOf(o).shape?.type as unknown as { _zod: { def: { values?: unknown[] } } } | undefined;
      return t?._zod.def.values?.includes(type);
    });
    if (byType) return byType;
    // The candidate that knows most of the keys present.
    const keys = value && typeof value === 'object' ? Object.keys(value) : [];
    return candidates.sort((a, b) => score(b, keys) - score(a, keys))[0];
  }
  return undefined;
}

function score(o: z.ZodType, keys: string[]): number {
  const shape = defOf(o).shape ?? {};
  return keys.filter((k) => k in shape).length;
}

function pick(s: z.ZodType, value: unknown, seg: string | number): z.ZodType | undefined {
  const def = defOf(s);
  if (def.type === 'array') return def.element;
  if (def.type === 'record') return def.valueType;
  if (def.type === 'tuple') return def.items?.[Number(seg)];
  const obj = objectFor(s, value);
  return obj ? defOf(obj).shape?.[String(seg)] : undefined;
}
