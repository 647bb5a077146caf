// Empty or near-empty bodies. An empty comment is what bot accounts leave behind (the seed
// thread's six): spam. One without a single letter, digit or emoji ("...", "-") says nothing a
// reader can use: held, so a moderator decides.
import type { ModerationStep } from '../types.ts';

const MEANINGFUL = /[\p{L}\p{N}\p{Extended_Pictographic}]/u;

export function checkEmpty(body: string): ModerationStep | null {
  const text = body.trim();
  if (text === '') return { step: 'empty', verdict: 'spam', reason: 'the comment is empty' };
  if (!MEANINGFUL.test(text)) return { step: 'empty', verdict: 'hold', reason: 'the comment has no words, only punctuation or symbols' };
  return null;
}
