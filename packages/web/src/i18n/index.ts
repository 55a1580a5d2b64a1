/** Dutch first, English second; the choice is remembered per browser and sets <html lang>. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setApiLanguage } from '../api/client.js';
import en from './en.json' with { type: 'json' };
import nl from './nl.json' with { type: 'json' };

const STORAGE_KEY = 'samenspel.lang';

function initialLanguage(): 'nl' | 'en' {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'nl';
  } catch {
    return 'nl';
  }
}

export function setLanguage(lang: string): void {
  const l = lang === 'en' ? 'en' : 'nl';
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
void i18n.use(initReactI18next).init({
  resources: { nl: { translation: nl }, en: { translation: en } },
  lng,
  fallbackLng: 'nl',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = lng;
setApiLanguage(lng);

export default i18n;
