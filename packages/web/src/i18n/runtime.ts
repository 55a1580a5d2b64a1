/**
 * The part of i18next and react-i18next this app uses, in a few dozen lines, because the two
 * libraries were half of the participant's first script (~17 KB of ~35 KB brotli, ~0.3 s on
 * slow 3G; docs/decisions/0007-preact-at-runtime.md). Pages keep importing `useTranslation` from
 * 'react-i18next' and keep its types; vite.config.ts points that import here.
 *
 * What it does, as i18next does it (runtime.test.ts compares the two on every text in both
 * catalogues): dotted keys into nested objects (a name may hold dots too); `{{name}}` filled
 * from the options, left as it is when the value is missing; `count` picks `key_zero` (for 0,
 * when present), else `key_one`/`key_other` by the language's plural rules, else `key`; a key
 * missing in English falls back to Dutch; an unknown key gives `defaultValue` or the key itself.
 * Anything else i18next offers (nesting, formatters, context, returnObjects, <Trans>) is not
 * here; the test fails when the source or a catalogue starts to use it.
 */
import { useEffect, useState } from 'react';

type Texts = { [key: string]: string | Texts };
export type Options = { count?: number; defaultValue?: string; [name: string]: unknown };
export type Translate = (key: string, options?: Options) => string;

const FALLBACK = 'nl';
const texts: Record<string, Texts> = {};
const plurals = new Map<string, Intl.PluralRules>();
const translators = new Map<string, Translate>();
const listeners = new Set<(lng: string) => void>();

/** The text at a dotted key; like i18next, a name may itself hold dots ("session.create"). */
function find(lng: string, key: string): string | undefined {
  const parts = key.split('.');
  let at: string | Texts | undefined = texts[lng];
  for (let i = 0; i < parts.length; ) {
    if (typeof at !== 'object') return undefined;
    let next: string | Texts | undefined;
    let j = i;
    for (let name = parts[i]!; ; name += `.${parts[++j]}`) {
      next = at[name];
      // A text before the last part cannot be the way on; a longer name might be.
      if (next !== undefined && !(typeof next === 'string' && j < parts.length - 1)) break;
      if (j === parts.length - 1) return undefined;
    }
    at = next;
    i = j + 1;
  }
  return typeof at === 'string' ? at : undefined;
}

function fill(text: string, options: Options | undefined): string {
  if (!options) return text;
  return text.replace(/\{\{\s*([^{}\s]+)\s*\}\}/g, (whole: string, name: string) => {
    const v = options[name];
    return v === undefined ? whole : v === null ? '' : String(v);
  });
}

function translate(lng: string, key: string, options?: Options): string {
  for (const l of lng === FALLBACK ? [lng] : [lng, FALLBACK]) {
    let text: string | undefined;
    const count = options?.count;
    if (count !== undefined && typeof count !== 'string') {
      if (count === 0) text = find(l, `${key}_zero`);
      let rules = plurals.get(l);
      if (!rules) plurals.set(l, (rules = new Intl.PluralRules(l)));
      text ??= find(l, `${key}_${rules.select(Number(count))}`);
    }
    text ??= find(l, key);
    if (text !== undefined) return fill(text, options);
  }
  return options?.defaultValue !== undefined ? fill(options.defaultValue, options) : key;
}

/** One function per language, so a component's `t` changes exactly when the language does. */
function translatorFor(lng: string): Translate {
  let t = translators.get(lng);
  if (!t) translators.set(lng, (t = (key, options) => translate(lng, key, options)));
  return t;
}

export const i18n = {
  language: FALLBACK,
  get t(): Translate {
    return translatorFor(i18n.language);
  },
  /** Adds the bundle's top-level parts to what the language has (i18n/staff.ts adds the trainers' pages' texts later). */
  addResourceBundle(lng: string, _namespace: 'translation', bundle: Texts): void {
    texts[lng] = { ...texts[lng], ...bundle };
  },
  changeLanguage(lng: string): Promise<Translate> {
    if (lng !== i18n.language) {
      i18n.language = lng;
      for (const on of listeners) on(lng);
    }
    return Promise.resolve(translatorFor(lng));
  },
};

/** react-i18next's hook: `t` in the current language, and a new render when it changes. */
export function useTranslation(): { t: Translate; i18n: typeof i18n; ready: true } {
  const [lng, setLng] = useState(i18n.language);
  useEffect(() => {
    listeners.add(setLng);
    setLng(i18n.language); // In case it changed between the render and this effect.
    return () => void listeners.delete(setLng);
  }, []);
  return { t: translatorFor(lng), i18n, ready: true };
}
