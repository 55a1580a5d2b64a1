/**
 * Bots that play a seat: for balancing cases (simulate), for test plans, and to fill in for a
 * player whose phone died. Each style values the government roles and alliances differently.
 */
import type { CaseFile, DecisionStep, Step } from '../case/schema.js';
import { stepById } from '../session/rules.js';
import type { Answer } from '../session/types.js';

export const BOT_STYLES = ['cautious', 'political', 'random'] as const;
export type BotStyle = (typeof BOT_STYLES)[number];

/** What each style cares about: the cautious adviser guards the law and the raad, the political bestuurder results and the college. */
const WEIGHTS: Record<Exclude<BotStyle, 'random'>, Record<string, number>> = {
  cautious: { rechtmatig: 3, raad: 2, collegas: 1, netwerkend: 1 },
  political: { presterend: 3, college: 2, responsief: 1, inwoners: 1 },
};

const REFLECTIONS = [
  'Ik merk dat ik vooral vanuit mijn eigen rol keek.',
  'De timing bepaalde meer dan de inhoud.',
  'Tegenspraak werkte pas toen de relatie goed was.',
  'Ik had de raad eerder willen informeren.',
];

function score(step: DecisionStep, optionId: string, style: Exclude<BotStyle, 'random'>): number {
  const o = step.options.find((x) => x.id === optionId)!;
  let total = 0;
  for (const [k, w] of Object.entries(WEIGHTS[style])) total += w * (o.effects?.[k] ?? 0);
  return total;
}

function pickOption(step: DecisionStep, style: BotStyle, random: () => number): string {
  const ids = step.options.map((o) => o.id);
  // Even a principled player surprises now and then; that keeps every ending reachable.
  if (style === 'random' || random() < 0.3) return ids[Math.floor(random() * ids.length)]!;
  const best = Math.max(...ids.map((id) => score(step, id, style)));
  const top = ids.filter((id) => score(step, id, style) === best);
  return top[Math.floor(random() * top.length)]!;
}

export function botAnswer(c: CaseFile, step: Step, style: BotStyle, random: () => number): Answer | null {
  switch (step.type) {
    case 'decision':
      return { kind: 'option', optionId: pickOption(step, style, random) };
    case 'prediction': {
      const target = stepById(c, step.predicts) as DecisionStep;
      const guess: BotStyle = random() < 0.5 ? 'cautious' : 'political';
      return { kind: 'option', optionId: pickOption(target, style === 'random' ? 'random' : guess, random) };
    }
    case 'ranking': {
      const order = step.items.map((i) => i.id);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      return { kind: 'ranking', order };
    }
    case 'scale':
      return { kind: 'scale', value: step.min + Math.floor(random() * (step.max - step.min + 1)) };
    case 'reflection':
      return { kind: 'text', text: REFLECTIONS[Math.floor(random() * REFLECTIONS.length)]! };
    case 'discussion':
      return null;
  }
}
