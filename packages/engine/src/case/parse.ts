/**
 * Text of a case file → a checked case, or diagnostics with file:line:column.
 * Pure: the caller reads the file; the case studio calls this in the browser.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { $ZodIssue } from 'zod/v4/core';
import { checkCase, type CaseIssue, type Path } from './check.js';
import { renderCaseMessage, type Lang } from './messages.js';
import { caseSchema, ID_PATTERN, type CaseFile } from './schema.js';
import { caseShapeKeys } from './shape-keys.js';

export interface Diagnostic {
  severity: 'error' | 'warning';
  code: string;
  params: Record<string, string | number>;
  file: string;
  line: number;
  column: number;
  message: { nl: string; en: string };
}

export interface ParseResult {
  case?: CaseFile;
  diagnostics: Diagnostic[];
}

export function formatDiagnostic(d: Diagnostic, lang: Lang = 'nl'): string {
  const label = d.severity === 'error' ? (lang === 'nl' ? 'fout' : 'error') : lang === 'nl' ? 'waarschuwing' : 'warning';
  return `${d.file}:${d.line}:${d.column}: ${label}: ${d.message[lang]}`;
}

export function makeDiagnostic(
  file: string,
  pos: { line: number; col: number },
  severity: Diagnostic['severity'],
  code: string,
  params: Diagnostic['params'] = {},
): Diagnostic {
  return {
    severity,
    code,
    params,
    file,
    line: pos.line,
    column: pos.col,
    message: { nl: renderCaseMessage(code, params, 'nl'), en: renderCaseMessage(code, params, 'en') },
  };
}

export function parseCase(text: string, file = 'case.yaml'): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => lineCounter.linePos(offset);
  const diagnostics: Diagnostic[] = [];
  for (const e of doc.errors) {
    const pos = at(e.pos[0]);
    if (e.code === 'DUPLICATE_KEY') {
      const key = /"([^"]*)"/.exec(e.message)?.[1] ?? '';
      diagnostics.push(makeDiagnostic(file, pos, 'error', 'duplicate-key', { key }));
    } else {
      diagnostics.push(makeDiagnostic(file, pos, 'error', 'yaml-syntax', { detail: e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '') }));
    }
  }
  if (diagnostics.length) return { diagnostics };
  const value: unknown = doc.toJS();
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { diagnostics: [makeDiagnostic(file, { line: 1, col: 1 }, 'error', 'not-a-mapping')] };
  }
  const locate = (path: Path, atKey = false) => at(offsetOf(doc, path, atKey));

  const parsed = caseSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of flattenIssues(parsed.error.issues)) {
      const { code, params, path, atKey } = describeZodIssue(issue, value);
      diagnostics.push(makeDiagnostic(file, locate(path, atKey), 'error', code, params));
    }
    return { diagnostics: sortDiagnostics(dedupe(diagnostics)) };
  }
  for (const issue of checkCase(parsed.data)) diagnostics.push(fromIssue(file, issue, locate));
  const hasErrors = diagnostics.some((d) => d.severity === 'error');
  return { case: hasErrors ? undefined : parsed.data, diagnostics: sortDiagnostics(diagnostics) };
}

export function fromIssue(file: string, issue: CaseIssue, locate: (path: Path, atKey?: boolean) => { line: number; col: number }): Diagnostic {
  return makeDiagnostic(file, locate(issue.path, issue.atKey), issue.severity, issue.code, issue.params);
}

/** A parsed document plus a path → position lookup, for checks that run after parsing (test plans). */
export function locatorFor(text: string): (path: Path, atKey?: boolean) => { line: number; col: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  return (path, atKey = false) => lineCounter.linePos(offsetOf(doc, path, atKey));
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return ds.sort((a, b) => a.line - b.line || a.column - b.column);
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.line}:${d.column}:${d.code}:${JSON.stringify(d.params)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The deepest node on the path; its key when atKey is set. */
function offsetOf(doc: Document, path: Path, atKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) return offset;
      const key = pair.key as YamlNode;
      if (last && atKey) return key.range?.[0] ?? offset;
      node = pair.value;
      offset = (pair.value as YamlNode | null)?.range?.[0] ?? key.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YamlNode | undefined;
      if (!item) return offset;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else return offset;
  }
  return offset;
}

function flattenIssues(issues: readonly $ZodIssue[]): $ZodIssue[] {
  const out: $ZodIssue[] = [];
  for (const i of issues) {
    if (i.code === 'invalid_union' && !('discriminator' in i && i.discriminator) && i.errors.length > 0) {
      // Report the branch that got furthest: the one with the fewest issues.
      const best = [...i.errors].sort((a, b) => a.length - b.length)[0]!;
      out.push(...flattenIssues(best.map((e) => ({ ...e, path: [...i.path, ...e.path] }) as $ZodIssue)));
    } else out.push(i);
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const seg of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[seg] : undefined;
  return v;
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((s) => (typeof s === 'number' ? `[${s}]` : String(s))).join('.').replace(/\.\[/g, '[') || '(case)';
}

function describeZodIssue(issue: $ZodIssue, root: unknown): { code: string; params: Record<string, string | number>; path: Path; atKey?: boolean } {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const field = fieldName(path);
  const value = valueAt(root, path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0]!;
      const parentShape = allowedKeys(root, path);
      return { code: 'unknown-field', params: { field: key, allowed: parentShape }, path: [...path, key], atKey: true };
    }
    case 'invalid_type':
      if (value === undefined) return { code: 'missing-field', params: { field: String(path[path.length - 1] ?? field) }, path: path.slice(0, -1) };
      return { code: 'wrong-type', params: { field, expected: issue.expected === 'number' && 'format' in issue ? 'int' : String(issue.expected) }, path };
    case 'invalid_value':
      return { code: 'bad-value', params: { field, value: String(value), allowed: issue.values.map(String).join(', ') }, path };
    case 'invalid_format':
      if (typeof value === 'string' && !ID_PATTERN.test(value)) return { code: 'bad-id', params: { value }, path };
      return { code: 'bad-shape', params: { field, hint: '', hintEn: '' }, path };
    case 'too_small':
      return { code: 'too-small', params: { field, minimum: Number(issue.minimum), unit: issue.origin === 'array' ? 'items' : issue.origin === 'string' ? 'chars' : 'value' }, path };
    case 'too_big':
      return { code: 'too-big', params: { field, maximum: Number(issue.maximum), unit: issue.origin === 'array' ? 'items' : 'value' }, path };
    case 'invalid_union':
      if (path[path.length - 1] === 'type' || (value && typeof value === 'object' && 'type' in value))
        return { code: 'bad-step-type', params: { value: String((value as { type?: unknown })?.type ?? value) }, path: typeof value === 'object' ? [...path, 'type'] : path };
      return { code: 'bad-shape', params: { field, hint: 'Zie docs/case-format.md.', hintEn: 'See docs/case-format.md.' }, path };
    default:
      return { code: 'bad-shape', params: { field, hint: issue.message, hintEn: issue.message }, path };
  }
}

function allowedKeys(root: unknown, path: readonly (string | number)[]): string {
  return caseShapeKeys(root, path).join(', ');
}

/** A diagnostic about a whole file (it could not be read at all). */
export function makeDiagnosticForFile(file: string, code: string, params: Diagnostic['params'] = {}): Diagnostic {
  return makeDiagnostic(file, { line: 1, col: 1 }, 'error', code, params);
}
