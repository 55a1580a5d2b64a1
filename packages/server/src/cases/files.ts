/** Reading case files from disk; all checking is the engine's. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { makeDiagnosticForFile, validateCaseText, type CaseFile, type Diagnostic } from '@samenspel/engine';

export const CASE_SUFFIX = '.case.yaml';

export function caseFilesIn(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((f) => f.endsWith(CASE_SUFFIX))
    .sort()
    .map((f) => join(path, f));
}

export interface LoadedCase {
  file: string;
  case?: CaseFile;
  text?: string;
  diagnostics: Diagnostic[];
}

export function loadCaseFile(file: string, cwd = process.cwd()): LoadedCase {
  const shown = relative(cwd, file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const detail = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    return { file, diagnostics: [makeDiagnosticForFile(shown, 'file-read', { detail })] };
  }
  const result = validateCaseText(text, shown);
  return { file, text, diagnostics: result.diagnostics, ...(result.case ? { case: result.case } : {}) };
}
