import { existsSync } from 'node:fs';
import { formatDiagnostic, type Lang } from '@samenspel/engine';
import { caseFilesIn, loadCaseFile } from '../cases/files.js';

export function validateCommand(paths: string[], lang: Lang): number {
  if (paths.length === 0) {
    console.error(lang === 'nl' ? 'Geef een bestand of map: samenspel validate cases/' : 'Name a file or folder: samenspel validate cases/');
    return 2;
  }
  let errors = 0;
  let warnings = 0;
  let files = 0;
  for (const path of paths) {
    if (!existsSync(path)) {
      console.error(lang === 'nl' ? `${path}: bestaat niet` : `${path}: does not exist`);
      errors++;
      continue;
    }
    for (const file of caseFilesIn(path)) {
      files++;
      const loaded = loadCaseFile(file);
      for (const d of loaded.diagnostics) {
        console.log(formatDiagnostic(d, lang));
        if (d.severity === 'error') errors++;
        else warnings++;
      }
    }
  }
  console.log(
    lang === 'nl'
      ? `${files} ${files === 1 ? 'casus' : 'casussen'} gecontroleerd: ${errors} ${errors === 1 ? 'fout' : 'fouten'}, ${warnings} ${warnings === 1 ? 'waarschuwing' : 'waarschuwingen'}.`
      : `${files} case${files === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}.`,
  );
  return errors > 0 ? 1 : 0;
}
