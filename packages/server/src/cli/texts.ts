import { readFileSync } from 'node:fs';
import { caseTexts, formatDiagnostic, staleTranslations, type Lang, type Translation } from '@samenspel/engine';
import { loadCaseFile } from '../cases/files.js';

export function textsCommand(paths: string[], lang: Lang, check?: string): number {
  const file = paths[0];
  if (!file) {
    console.error(lang === 'nl' ? 'Geef een casus: samenspel texts cases/x.case.yaml' : 'Name a case: samenspel texts cases/x.case.yaml');
    return 2;
  }
  const loaded = loadCaseFile(file);
  if (!loaded.case) {
    for (const d of loaded.diagnostics) console.error(formatDiagnostic(d, lang));
    return 1;
  }
  if (!check) {
    console.log(JSON.stringify(caseTexts(loaded.case), null, 2));
    return 0;
  }
  let translation: Translation;
  try {
    translation = JSON.parse(readFileSync(check, 'utf8')) as Translation;
  } catch (e) {
    console.error(`${check}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const r = staleTranslations(loaded.case, translation);
  const nl = lang === 'nl';
  for (const id of r.missing) console.log(`${check}: ${nl ? 'ontbreekt' : 'missing'}: ${id}`);
  for (const id of r.stale) console.log(`${check}: ${nl ? 'verouderd (bron gewijzigd)' : 'stale (source changed)'}: ${id}`);
  for (const id of r.orphaned) console.log(`${check}: ${nl ? 'bestaat niet meer' : 'no longer exists'}: ${id}`);
  return r.missing.length + r.stale.length > 0 ? 1 : 0;
}
