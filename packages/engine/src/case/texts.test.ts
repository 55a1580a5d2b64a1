import { describe, expect, it } from 'vitest';
import { MINI_CASE } from '../test-support/mini-case.js';
import { parseCase } from './parse.js';
import { caseTexts, staleTranslations, type Translation } from './texts.js';

const mini = parseCase(MINI_CASE).case!;

describe('case texts', () => {
  it('gives every text an id that says where it sits, stable when lists are reordered', () => {
    const ids = caseTexts(mini).map((t) => t.id);
    expect(ids).toContain('role:adviseur/briefing');
    expect(ids).toContain('scene:begin/private:adviseur');
    expect(ids).toContain('step:keuze/option:dicht/later:1/text');
    expect(new Set(ids).size).toBe(ids.length);
    const reordered = parseCase(MINI_CASE.replace(/(  - id: goed\n[\s\S]*?)(  - id: slecht\n[\s\S]*?)(debrief:)/, '$2$1$3')).case!;
    expect(caseTexts(reordered).find((t) => t.id === 'ending:goed/text')).toEqual(caseTexts(mini).find((t) => t.id === 'ending:goed/text'));
  });

  it('finds stale, missing and orphaned translations', () => {
    const translation: Translation = Object.fromEntries(caseTexts(mini).map((t) => [t.id, { hash: t.hash, text: `EN ${t.text}` }]));
    expect(staleTranslations(mini, translation)).toEqual({ missing: [], stale: [], orphaned: [] });
    const changed = parseCase(MINI_CASE.replace('Het lekt uit.', 'Het lekt uit naar de krant.')).case!;
    delete translation['ending:goed/title'];
    translation['scene:weg/title'] = { hash: '0', text: 'Gone' };
    expect(staleTranslations(changed, translation)).toEqual({ missing: ['ending:goed/title'], stale: ['step:keuze/option:dicht/later:1/text'], orphaned: ['scene:weg/title'] });
  });
});
