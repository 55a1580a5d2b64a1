/**
 * A view as JSON, without serialising again what is the same as before. At a step close every
 * viewer of a session gets a whole view (~7 KB), and most of it (the case and its role cards,
 * the participant list, the indicators, the history of earlier steps) is the same for all of
 * them and since the last close. view() hands out those parts as shared, immutable objects
 * (`shared`), and this serialiser keeps each one's JSON for as long as the object lives.
 *
 * `viewJson(v)` is always `JSON.stringify(v)`, byte for byte (view-cache.test.ts checks it
 * against views made without any sharing, after every command of random games).
 */
import type { SessionView } from './view.js';

/** Shared parts of views; the JSON once it was first needed. */
const parts = new WeakMap<object, string | null>();

/** Marks a part of a view as shared: nobody may change it afterwards (evolve makes new objects). */
export function shared<T extends object>(x: T): T {
  if (!parts.has(x)) parts.set(x, null);
  return x;
}

/** A part of a view that `shared` marked: the same object always serialises the same. */
export function isShared(x: object): boolean {
  return parts.has(x);
}

/**
 * One value per key object, made again only when the key or one of the other inputs is a
 * different object. For view parts that depend on a few branches of the state, which evolve
 * replaces (never changes) when it changes them.
 */
export function memoPart<K extends object, V extends object>(cache: WeakMap<K, { deps: readonly unknown[]; value: V }>, key: K, deps: readonly unknown[], make: () => V): V {
  const hit = cache.get(key);
  if (hit && hit.deps.length === deps.length && hit.deps.every((d, i) => d === deps[i])) return hit.value;
  const value = shared(make());
  cache.set(key, { deps, value });
  return value;
}

function partJson(x: unknown): string {
  if (x !== null && typeof x === 'object') {
    const known = parts.get(x);
    if (known) return known;
    if (known === null) {
      const json = JSON.stringify(x);
      parts.set(x, json);
      return json;
    }
  }
  return JSON.stringify(x);
}

/** The JSON of one property of a view (the history's steps are shared one by one). */
export function propertyJson(key: string, value: unknown): string {
  return key === 'history' ? `[${(value as SessionView['history']).map(partJson).join(',')}]` : partJson(value);
}

/** Each property of a view with its JSON, in the view's order; as JSON.stringify, undefined ones are left out. */
function viewParts(v: SessionView): [key: string, json: string][] {
  const out: [string, string][] = [];
  for (const key of Object.keys(v) as (keyof SessionView)[]) {
    const value = v[key];
    if (value === undefined) continue;
    out.push([key, propertyJson(key, value)]);
  }
  return out;
}

export const joinParts = (parts: readonly [string, string][]) => `{${parts.map(([k, json]) => `"${k}":${json}`).join(',')}}`;

export function viewJson(v: SessionView): string {
  return joinParts(viewParts(v));
}
