/**
 * The small translation runtime (runtime.ts) must say exactly what i18next would: compared on
 * every text of both catalogues, with and without counts and values. And the source must not
 * start to use an i18next feature the runtime does not have.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInstance } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from './en.json' with { type: 'json' };
import nlFirst from './nl.json' with { type: 'json' };
import nlStaff from './nl-staff.json' with { type: 'json' };
import { i18n as small } from './runtime.js';

type Texts = { [key: string]: string | Texts };

function leaves(texts: Texts, prefix = ''): [string, string][] {
  return Object.entries(texts).flatMap(([k, v]) => (typeof v === 'string' ? [[prefix + k, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}

// Dutch comes in two parts (staff.ts); together they are the catalogue i18next is given.
const nl: Texts = { ...nlFirst, ...nlStaff };
const all = [...leaves(nl), ...leaves(en)];
const keys = [...new Set(all.flatMap(([k]) => [k, k.replace(/_(zero|one|two|few|many|other)$/, '')]))];
const names = [...new Set(all.flatMap(([, v]) => [...v.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}/g)].map((m) => m[1]!)))];
const values = Object.fromEntries(names.map((n, i) => [n, `«${n}${i}»`]));

describe('translation runtime', () => {
  const big = createInstance();
  beforeAll(async () => {
    await big.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl', fallbackLng: 'nl', interpolation: { escapeValue: false } });
    // In two steps, as the app adds them: the first script's part, then staff.ts's.
    small.addResourceBundle('nl', 'translation', nlFirst);
    small.addResourceBundle('nl', 'translation', nlStaff);
    small.addResourceBundle('en', 'translation', en);
  });

  it('says what i18next says for every text, in both languages', async () => {
    let compared = 0;
    for (const lng of ['nl', 'en']) {
      await big.changeLanguage(lng);
      await small.changeLanguage(lng);
      for (const key of [...keys, 'no.such.key']) {
        for (const options of [undefined, {}, values, { ...values, count: 0 }, { ...values, count: 1 }, { ...values, count: 2 }, { count: 1 }, Object.fromEntries(names.map((n) => [n, null])), { defaultValue: 'Standaard {{count}}', count: 3 }]) {
          expect(small.t(key, options), `${lng} ${key} ${JSON.stringify(options)}`).toBe(big.t(key, options as never));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('changes language only when asked, and gives one function per language', async () => {
    await small.changeLanguage('en');
    const t = small.t;
    expect(small.t).toBe(t);
    await small.changeLanguage('nl');
    expect(small.t).not.toBe(t);
    expect(small.language).toBe('nl');
  });

  it('has no text that needs an i18next feature it lacks', () => {
    for (const [key, text] of all) {
      expect(text, key).not.toMatch(/\$t\(|\{\{[^}]*,[^}]*\}\}|\{\{-/); // nesting, formatters, unescaped
      expect(key, key).not.toMatch(/_(ordinal|male|female)/); // ordinal plurals, context
    }
  });

  it('splits Dutch into parts that do not overlap, with every part English has', () => {
    const first = Object.keys(nlFirst);
    const staff = Object.keys(nlStaff);
    expect(staff.filter((k) => first.includes(k))).toEqual([]);
    expect([...first, ...staff].sort()).toEqual(Object.keys(en).sort());
  });

  it('has every page that uses a staff text load them, and no page a participant opens first', () => {
    const src = join(import.meta.dirname, '..');
    const staffKey = new RegExp(`['"\`](${Object.keys(nlStaff).join('|')})\\.[A-Za-z]`);
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.') && !f.startsWith('i18n'));
    const loaders: string[] = [];
    for (const f of files) {
      const code = readFileSync(join(src, f), 'utf8');
      const loads = /^import '\.\.\/i18n\/staff\.js';$/m.test(code);
      if (loads) loaders.push(f.replace(/\\/g, '/'));
      if (staffKey.test(code)) expect(loads, `${f} uses a staff text without importing i18n/staff.js`).toBe(true);
    }
    // Only lazily loaded pages bring the staff texts; the join page, the home page, the play screen and what they use never do.
    expect(loaders.length).toBeGreaterThan(0);
    for (const f of loaders) expect(f).toMatch(/^pages\/(TrainerPage|ConsolePage|ProjectorPage|ReportPage|OrganisationPage|InvitationPage)\.tsx$/);
  });

  it('is used by the source only as far as it goes', () => {
    const src = join(import.meta.dirname, '..');
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.') && !f.startsWith('i18n'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const code = readFileSync(join(src, f), 'utf8');
      expect(code, f).not.toMatch(/from 'i18next'/);
      for (const m of code.matchAll(/import\s*\{([^}]*)\}\s*from 'react-i18next'/g)) {
        expect(m[1]!.split(',').map((s) => s.trim()).filter(Boolean), f).toEqual(['useTranslation']);
      }
      expect(code, f).not.toMatch(/<Trans\b|withTranslation|I18nextProvider|returnObjects|\bt\([^()]*\b(context|ordinal|postProcess|lng|lngs|ns|replace|joinArrays|interpolation)\s*:/);
      for (const m of code.matchAll(/\bi18n\.(\w+)/g)) expect(['language', 'changeLanguage'], `${f}: i18n.${m[1]}`).toContain(m[1]);
    }
  });
});
