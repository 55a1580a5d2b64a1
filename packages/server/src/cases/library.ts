/** The built-in case library, loaded once at start; invalid files are skipped with a warning. */
import { interpolate, resolveVariables, type CaseFile } from '@samenspel/engine';
import { caseFilesIn, loadCaseFile } from './files.js';

export interface CaseLibrary {
  all(): CaseFile[];
  get(id: string): CaseFile | undefined;
}

export function loadCaseLibrary(dir: string, warn: (msg: string) => void): CaseLibrary {
  const byId = new Map<string, CaseFile>();
  let files: string[] = [];
  try {
    files = caseFilesIn(dir);
  } catch {
    warn(`case directory not readable: ${dir}`);
  }
  for (const file of files) {
    const loaded = loadCaseFile(file);
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (!loaded.case || errors.length > 0) {
      warn(`case file skipped (${errors.length} errors): ${file}`);
      continue;
    }
    byId.set(loaded.case.id, loaded.case);
  }
  return {
    all: () => [...byId.values()].sort((a, b) => a.title.localeCompare(b.title, 'nl')),
    get: (id) => byId.get(id),
  };
}

export interface CaseFilter {
  setting?: string;
  theme?: string;
  governmentRole?: string;
  groupSize?: number;
}

export function filterCases(cases: CaseFile[], f: CaseFilter): CaseFile[] {
  return cases.filter(
    (c) =>
      (!f.setting || c.setting === f.setting) &&
      (!f.theme || c.themes.includes(f.theme as never)) &&
      (!f.governmentRole || c.learningGoals.some((g) => g.governmentRoles?.includes(f.governmentRole as never))) &&
      (f.groupSize === undefined || (c.groupSize.min <= f.groupSize && f.groupSize <= c.groupSize.max)),
  );
}

/** The library card: enough to choose, without the scenes (those reach people only through views). */
export function caseSummary(c: CaseFile) {
  const vars = resolveVariables(c);
  return {
    id: c.id,
    title: interpolate(c.title, vars),
    summary: interpolate(c.summary, vars),
    setting: c.setting,
    duration: c.duration,
    groupSize: c.groupSize,
    themes: c.themes,
    governmentRoles: [...new Set(c.learningGoals.flatMap((g) => g.governmentRoles ?? []))],
    language: c.language,
  };
}

export function caseDetail(c: CaseFile) {
  return {
    ...caseSummary(c),
    learningGoals: c.learningGoals,
    teachingNote: c.teachingNote,
    variables: Object.entries(c.variables ?? {}).map(([id, v]) => ({ id, label: v.label, default: String(v.default), ...(v.description ? { description: v.description } : {}) })),
    roles: c.roles.map((r) => ({ id: r.id, name: interpolate(r.name, resolveVariables(c)), side: r.side, description: interpolate(r.description, resolveVariables(c)), seats: r.seats ?? null, essential: r.essential ?? false })),
    injects: (c.injects ?? []).map((i) => ({ id: i.id, title: i.title, to: i.to ?? null })),
    scenes: c.scenes.length,
    debrief: c.debrief,
  };
}
