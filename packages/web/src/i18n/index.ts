/** Dutch first, English second; the choice is remembered per browser and sets <html lang>. */
import { setApiLanguage } from '../api/client.js';
import { i18n } from './runtime.js';
import nl from './nl.json' with { type: 'json' };

const STORAGE_KEY = 'samenspel.lang';

function initialLanguage(): 'nl' | 'en' {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'nl';
  } catch {
    return 'nl';
  }
}

/**
 * Dutch is in the first script; English comes in a chunk of its own when it is chosen, so a
 * phone on slow 3G does not download (~3.5 KB compressed) and parse a catalogue it never shows.
 * Missing English keys fall back to Dutch, which is always there.
 */
let english: Promise<void> | null = null;
function loadEnglish(): Promise<void> {
  english ??= import('./en.json', { with: { type: 'json' } }).then(
    (m) => void i18n.addResourceBundle('en', 'translation', m.default),
    (e: unknown) => {
      english = null; // Lost on bad wifi: the next switch tries again.
      throw e;
    },
  );
  return english;
}

export function setLanguage(lang: string): void {
  const l = lang === 'en' ? 'en' : 'nl';
  void (l === 'en' ? loadEnglish() : Promise.resolve()).then(
    () => applyLanguage(l),
    () => undefined, // Stays in the current language; the button can be pressed again.
  );
}

function applyLanguage(l: 'nl' | 'en'): void {
  void i18n.changeLanguage(l);
  document.documentElement.lang = l;
  setApiLanguage(l);
  try {
    localStorage.setItem(STORAGE_KEY, l);
  } catch {
    // Private mode: the choice lasts for this page only.
  }
}

const lng = initialLanguage();
// Texts are put into the page by React, which escapes them: no escaping here (runtime.ts).
i18n.addResourceBundle('nl', 'translation', nl);
document.documentElement.lang = 'nl';
setApiLanguage('nl');

/** Resolves when the remembered language's texts are there; main.tsx renders after it. */
export const languageReady: Promise<void> = lng === 'en' ? loadEnglish().then(() => applyLanguage('en'), () => undefined) : Promise.resolve();

export default i18n;
