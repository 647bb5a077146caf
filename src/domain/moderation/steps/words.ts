// The site's word list. Masked (the default) keeps the comment and stars out the word, keeping
// its first and last letter so readers still follow the tone ("F**k"); hold sends it to a
// moderator instead. Common endings count ("fucking", "bitches"), but a listed word inside a
// longer one does not ("Dickens", "Scunthorpe").
import type { ModerationSettings } from '../settings.ts';
import type { ModerationStep } from '../types.ts';
import { plural } from './text.ts';

// With the doubled consonant some take ("shitty", "shitting").
const ENDINGS = '(?:s|es|ed|er|ers|ing|in|y|ty|ted|ter|ting)?';

function pattern(words: readonly string[]): RegExp | null {
  const list = words.map((w) => w.trim()).filter(Boolean);
  if (list.length === 0) return null;
  // Longest first, so "motherfucker" wins over a shorter entry it contains.
  const alternatives = [...list].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives.join('|')})(${ENDINGS})(?![\\p{L}\\p{N}])`, 'giu');
}

/** "fuck" → "f**k"; with `star` = "\\*" the stars stay literal in Markdown instead of turning text bold. */
export function maskWord(word: string, star = '*'): string {
  const letters = [...word];
  if (letters.length <= 2) return `${letters[0]}${star}`;
  return `${letters[0]}${star.repeat(letters.length - 2)}${letters[letters.length - 1]}`;
}

export interface WordListResult {
  /** The body with listed words masked (unchanged when holding or when nothing matched). */
  body: string;
  step: ModerationStep | null;
}

export function applyWordList(body: string, settings: Pick<ModerationSettings, 'wordList' | 'wordAction'>): WordListResult {
  const regex = pattern(settings.wordList);
  if (!regex) return { body, step: null };
  const found: string[] = [];
  const masked = body.replace(regex, (_match, stem: string, ending: string) => {
    found.push(maskWord(stem) + ending);
    return maskWord(stem, '\\*') + ending;
  });
  if (found.length === 0) return { body, step: null };
  const examples = [...new Set(found.map((w) => w.toLowerCase()))].slice(0, 5).join(', ');
  if (settings.wordAction === 'hold') {
    return {
      body,
      step: {
        step: 'words',
        verdict: 'hold',
        reason: `uses ${plural(found.length, 'word')} from the site's list (${examples})`,
        score: found.length,
      },
    };
  }
  return {
    body: masked,
    step: {
      step: 'words',
      verdict: 'publish',
      reason: `masked ${plural(found.length, 'word')} from the site's list (${examples})`,
      score: found.length,
    },
  };
}
