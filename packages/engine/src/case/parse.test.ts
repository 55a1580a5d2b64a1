import { describe, expect, it } from 'vitest';
import { MINI_CASE } from '../test-support/mini-case.js';
import { formatDiagnostic, parseCase } from './parse.js';
import { validateCaseText } from './validate.js';

/** Replace the first occurrence of `from` in the mini case, and say where the problem should be. */
function variant(from: string, to: string): string {
  expect(MINI_CASE.includes(from), `fixture contains ${from}`).toBe(true);
  return MINI_CASE.replace(from, to);
}

function lineOf(text: string, needle: string): number {
  const i = text.indexOf(needle);
  return text.slice(0, i).split('\n').length;
}

function errors(text: string) {
  return validateCaseText(text, 'mini.case.yaml').diagnostics.filter((d) => d.severity === 'error');
}

describe('parseCase', () => {
  it('accepts the mini case without problems', () => {
    const r = validateCaseText(MINI_CASE, 'mini.case.yaml');
    expect(r.diagnostics).toEqual([]);
    expect(r.case?.id).toBe('mini');
  });

  const cases: { name: string; text: string; code: string; line: (t: string) => number; column: number; nl: RegExp; en: RegExp }[] = [
    { name: 'YAML syntax', text: variant('title: Mini', 'title: [Mini'), code: 'yaml-syntax', line: () => 5, column: 1, nl: /YAML-fout/, en: /YAML syntax error/ },
    { name: 'duplicate key', text: variant('duration: 30', 'duration: 30\nduration: 40'), code: 'duplicate-key', line: (t) => lineOf(t, 'duration: 40'), column: 1, nl: /twee keer/, en: /appears twice/ },
    { name: 'unknown field', text: variant('    essential: true', '    essential: true\n    colour: red'), code: 'unknown-field', line: (t) => lineOf(t, 'colour'), column: 5, nl: /Onbekend veld "colour".*Toegestaan hier: id, name, side/, en: /Unknown field "colour"/ },
    { name: 'missing field', text: variant('teachingNote: Kort.\n', ''), code: 'missing-field', line: () => 1, column: 1, nl: /"teachingNote" ontbreekt/, en: /"teachingNote" is missing/ },
    { name: 'wrong type', text: variant('duration: 30', 'duration: lang'), code: 'wrong-type', line: (t) => lineOf(t, 'duration: lang'), column: 11, nl: /moet een getal zijn/, en: /must be a number/ },
    { name: 'bad enum value', text: variant('setting: gemeente', 'setting: stadsdeel'), code: 'bad-value', line: (t) => lineOf(t, 'setting:'), column: 10, nl: /Kies uit: gemeente, provincie/, en: /Choose from/ },
    { name: 'bad id', text: variant('  - id: begin', '  - id: Begin Scene'), code: 'bad-id', line: (t) => lineOf(t, 'Begin Scene'), column: 9, nl: /geen geldige id/, en: /not a valid id/ },
    { name: 'unknown step type', text: variant('type: reflection', 'type: reflectie'), code: 'bad-step-type', line: (t) => lineOf(t, 'type: reflectie'), column: 15, nl: /Onbekend staptype "reflectie"/, en: /Unknown step type/ },
    { name: 'duplicate id', text: variant('  - id: slecht', '  - id: goed'), code: 'duplicate-id', line: (t) => t.split('\n').findIndex((l, i) => l === '  - id: goed' && i > lineOf(t, 'endings:')) + 1, column: 9, nl: /al gebruikt/, en: /already used/ },
    { name: 'unknown role', text: variant('roles: [wethouder]', 'roles: [burgemeester]'), code: 'unknown-role', line: (t) => lineOf(t, 'roles: [burgemeester]'), column: 17, nl: /Onbekende rol "burgemeester"/, en: /Unknown role/ },
    { name: 'unknown scene or ending', text: variant('goto: goed', 'goto: prima'), code: 'unknown-target', line: (t) => lineOf(t, 'goto: prima'), column: 15, nl: /"prima" is geen scène of einde/, en: /not a scene or ending/ },
    { name: 'unknown indicator', text: variant('effects: { media: 5,', 'effects: { medya: 5,'), code: 'unknown-indicator', line: (t) => lineOf(t, 'medya'), column: 28, nl: /Onbekende indicator "medya"/, en: /Unknown indicator/ },
    { name: 'undefined variable', text: variant('narrative: Het begint.', 'narrative: Het begint in {{provincie}}.'), code: 'unknown-variable', line: (t) => lineOf(t, '{{provincie}}'), column: 16, nl: /\{\{provincie\}\} is niet gedeclareerd/, en: /is not declared/ },
    { name: 'unreachable ending', text: variant('      - goto: goed', '      - goto: slecht'), code: 'unreachable-ending', line: (t) => lineOf(t, '  - id: goed'), column: 9, nl: /onbereikbaar/, en: /unreachable/ },
    { name: 'path with no ending', text: variant('      - goto: goed', '      - goto: begin'), code: 'unreachable-ending', line: (t) => lineOf(t, '  - id: goed'), column: 9, nl: /onbereikbaar/, en: /unreachable/ },
    { name: 'last rule conditional', text: variant('      - goto: goed', '      - if: { indicator: media, max: 2 }\n        goto: goed'), code: 'last-rule-conditional', line: (t) => lineOf(t, 'media, max: 2 }'), column: 9, nl: /zonder "if"/, en: /no "if"/ },
    { name: 'option with no consequence', text: variant('            effects: { rechtmatig: 2, raad: 1, inwoners: 1 }\n', ''), code: 'no-consequence', line: (t) => lineOf(t, '- id: open'), column: 17, nl: /Optie "open" heeft geen gevolg/, en: /has no consequence/ },
    { name: 'prediction after its decision', text: variant('        predicts: keuze', '        predicts: keuze').replace(/(      - id: voorspel[\s\S]*?predicts: keuze\n)([\s\S]*?)(      - id: reflectie)/, '$2$1$3'), code: 'predicts-after', line: (t) => lineOf(t, 'predicts: keuze'), column: 19, nl: /vóór de beslissing/, en: /before the decision/ },
    { name: 'failing test plan', text: MINI_CASE + 'tests:\n  - name: Dicht eindigt goed\n    choices: { keuze: dicht }\n    ending: goed\n', code: 'test-wrong-ending', line: (t) => lineOf(t, 'ending: goed'), column: 13, nl: /eindigt in "slecht", niet in "goed"/, en: /ends in "slecht"/ },
  ];

  for (const c of cases) {
    it(`reports ${c.name} at its line and column, in Dutch and English`, () => {
      const found = errors(c.text);
      const d = found.find((x) => x.code === c.code);
      expect(d, `expected ${c.code}, got ${found.map((f) => formatDiagnostic(f)).join('\n')}`).toBeDefined();
      expect({ line: d!.line, column: d!.column }).toEqual({ line: c.line(c.text), column: c.column });
      expect(d!.message.nl).toMatch(c.nl);
      expect(d!.message.en).toMatch(c.en);
      expect(formatDiagnostic(d!)).toMatch(new RegExp(`^mini\\.case\\.yaml:${d!.line}:${d!.column}: fout: `));
    });
  }

  it('warns about a role that never acts and an alliance nothing moves', () => {
    const text = variant('effects: { rechtmatig: 2, raad: 1, inwoners: 1 }', 'effects: { rechtmatig: 2, inwoners: 1 }')
      .replace('        predicts: keuze', '        predicts: keuze\n        roles: [wethouder]')
      .replace('        prompt: Wat merkte je?', '        prompt: Wat merkte je?\n        roles: [wethouder]');
    const warnings = parseCase(text, 'mini.case.yaml').diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map((w) => w.code).sort()).toEqual(['indicator-unmoved', 'role-idle']);
    expect(warnings.find((w) => w.code === 'role-idle')!.params.id).toBe('adviseur');
  });

  it('rejects duplicate ranking items, which nobody could ever rank', () => {
    const text = variant('      - id: reflectie', '      - id: rangorde\n        type: ranking\n        prompt: Rangschik.\n        items:\n          - { id: a, label: A }\n          - { id: a, label: Ook A }\n      - id: reflectie');
    const d = errors(text).find((x) => x.code === 'duplicate-id')!;
    expect(d.line).toBe(lineOf(text, '{ id: a, label: Ook A }'));
  });

  it('rejects a file that is not a mapping', () => {
    expect(errors('- een\n- lijst\n')[0]!.code).toBe('not-a-mapping');
  });
});
