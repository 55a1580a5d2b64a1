/** Everything `samenspel validate` checks for one file: syntax, shape, references, design, test plans. */
import { runTestPlans } from '../simulate/test-plans.js';
import { fromIssue, locatorFor, parseCase, type ParseResult } from './parse.js';

export function validateCaseText(text: string, file: string): ParseResult {
  const result = parseCase(text, file);
  if (!result.case) return result;
  const locate = locatorFor(text);
  const planIssues = runTestPlans(result.case).map((i) => fromIssue(file, i, locate));
  if (planIssues.length === 0) return result;
  return { diagnostics: [...result.diagnostics, ...planIssues].sort((a, b) => a.line - b.line || a.column - b.column) };
}
