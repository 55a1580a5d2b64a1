/**
 * Every user-facing text of a case with a stable id derived from where it sits (not from its
 * position in a list), and a hash of the source, so a translation knows when it went stale.
 */
import { hashString } from '../random.js';
import type { CaseFile } from './schema.js';

export interface CaseText {
  id: string;
  text: string;
  hash: string;
}

export function caseTexts(c: CaseFile): CaseText[] {
  const out: CaseText[] = [];
  const add = (id: string, text: string | undefined) => {
    if (text) out.push({ id, text, hash: hashString(text).toString(16).padStart(8, '0') });
  };
  add('case/title', c.title);
  add('case/summary', c.summary);
  add('case/teachingNote', c.teachingNote);
  c.learningGoals.forEach((g, i) => add(`goal:${i + 1}/text`, g.text));
  for (const [k, v] of Object.entries(c.variables ?? {})) add(`variable:${k}/label`, v.label);
  for (const r of c.roles) {
    add(`role:${r.id}/name`, r.name);
    add(`role:${r.id}/description`, r.description);
    add(`role:${r.id}/briefing`, r.briefing);
  }
  for (const i of c.indicators ?? []) add(`indicator:${i.id}/label`, i.label);
  for (const s of c.scenes) {
    add(`scene:${s.id}/title`, s.title);
    add(`scene:${s.id}/narrative`, s.narrative);
    for (const [role, text] of Object.entries(s.private ?? {})) add(`scene:${s.id}/private:${role}`, text);
    for (const st of s.steps) {
      add(`step:${st.id}/prompt`, st.prompt);
      if (st.type === 'decision')
        for (const o of st.options) {
          add(`step:${st.id}/option:${o.id}/label`, o.label);
          add(`step:${st.id}/option:${o.id}/description`, o.description);
          o.later?.forEach((l, i) => {
            add(`step:${st.id}/option:${o.id}/later:${i + 1}/label`, l.label);
            add(`step:${st.id}/option:${o.id}/later:${i + 1}/text`, l.text);
          });
        }
      if (st.type === 'ranking') for (const it of st.items) add(`step:${st.id}/item:${it.id}/label`, it.label);
      if (st.type === 'scale') {
        add(`step:${st.id}/minLabel`, st.minLabel);
        add(`step:${st.id}/maxLabel`, st.maxLabel);
      }
    }
  }
  for (const e of c.endings) {
    add(`ending:${e.id}/title`, e.title);
    add(`ending:${e.id}/text`, e.text);
  }
  for (const i of c.injects ?? []) {
    add(`inject:${i.id}/title`, i.title);
    add(`inject:${i.id}/text`, i.text);
  }
  c.debrief.forEach((d, i) => add(`debrief:${i + 1}/question`, d.question));
  return out;
}

/** A translation file: text id → the source hash it was made from and the translated text. */
export type Translation = Record<string, { hash: string; text: string }>;

/** Which translated texts are missing, stale (the source changed since), or no longer exist. */
export function staleTranslations(c: CaseFile, translation: Translation): { missing: string[]; stale: string[]; orphaned: string[] } {
  const texts = caseTexts(c);
  const ids = new Set(texts.map((t) => t.id));
  return {
    missing: texts.filter((t) => !translation[t.id]).map((t) => t.id),
    stale: texts.filter((t) => translation[t.id] && translation[t.id]!.hash !== t.hash).map((t) => t.id),
    orphaned: Object.keys(translation).filter((id) => !ids.has(id)),
  };
}
