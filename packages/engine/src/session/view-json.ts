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

/** Each property of a view with its JSON, in the view's order; as JSON.stringify, undefined ones are left out. */
export function viewParts(v: SessionView): [key: string, json: string][] {
  const out: [string, string][] = [];
  for (const key of Object.keys(v) as (keyof SessionView)[]) {
    const value = v[key];
    if (value === undefined) continue;
    out.push([key, key === 'history' ? `[${(value as SessionView['history']).map(partJson).join(',')}]` : partJson(value)]);
  }
  return out;
}

const joinParts = (parts: readonly [string, string][]) => `{${parts.map(([k, json]) => `"${k}":${json}`).join(',')}}`;

export function viewJson(v: SessionView): string {
  return joinParts(viewParts(v));
}

/**
 * What one connection's browser holds, as the JSON of each property of its view, so that the
 * next whole view can go as a diff of the properties that changed (`applyViewDiff` in patch.ts).
 * At a step change a participant's view is ~5-6 KB, of which the step, the history or the
 * indicators changed (0.5-1.7 KB); the trainer's ~10-16 KB. That is what phones on a venue's
 * wifi then download, fifteen at once.
 */
export class HeldView {
  private parts: Map<string, string> | null = null;
  private heldSeq = -1;

  /** The sequence number of the view the browser holds (-1: nothing yet, whatever Last-Event-ID it sent). */
  get seq(): number {
    return this.heldSeq;
  }

  /**
   * The message for `v`: the whole view (`{"view":…}`) the first time, else a diff
   * (`{"from":seq,"set":{…},"unset":[…]}`) from what the browser holds. Without a closing brace,
   * for the caller to add its own fields.
   */
  message(v: SessionView): { event: 'view' | 'diff'; open: string } {
    const next = viewParts(v);
    const held = this.parts;
    const from = this.heldSeq;
    this.parts = new Map(next);
    this.heldSeq = v.seq;
    if (!held) return { event: 'view', open: `{"view":${joinParts(next)}` };
    const set = next.filter(([k, json]) => held.get(k) !== json);
    const unset = [...held.keys()].filter((k) => !this.parts!.has(k));
    return { event: 'diff', open: `{"from":${from},"set":${joinParts(set)}${unset.length ? `,"unset":${JSON.stringify(unset)}` : ''}` };
  }

  /** The browser applied an answer patch (patch.ts): it moved the sequence number and the step. */
  patched(seq: number): void {
    this.parts?.delete('seq');
    this.parts?.delete('step');
    this.heldSeq = seq;
  }
}
