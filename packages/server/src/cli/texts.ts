import { caseTexts, formatDiagnostic, type Lang } from '@samenspel/engine';
import { loadCaseFile } from '../cases/files.js';

export function textsCommand(paths: string[], lang: Lang): number {
  const file = paths[0];
  if (!file) return 2;
  const loaded = loadCaseFile(file);
  if (!loaded.case) {
    for (const d of loaded.diagnostics) console.error(formatDiagnostic(d, lang));
    return 1;
  }
  console.log(JSON.stringify(caseTexts(loaded.case), null, 2));
  return 0;
}
