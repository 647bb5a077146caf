import { describe, expect, it } from 'vitest';
import { AppError } from '../../errors.ts';
import { checkName, readsAsStaffTitle, sanitiseName } from './display-name.ts';

const rules = { field: 'guest.name', max: 20 };

function refusal(raw: string): { code: string; field?: string; message: string } | null {
  try {
    checkName(raw, rules);
    return null;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { code: error.code, field: error.field, message: error.message };
  }
}

describe('checkName', () => {
  it.each([
    ['  Ada   Lovelace ', 'Ada Lovelace'],
    ['Ａｄａ', 'Ada'], // fullwidth → NFKC
    ['Ada\u200BLovelace', 'AdaLovelace'], // zero-width space dropped
    ['\uFEFFGrace\u00AD', 'Grace'], // BOM and soft hyphen dropped
    ['Ada\tLove\nlace', 'Ada Love lace'],
    ['Zoë', 'Zoë'],
    ['میرزا\u200Cعلی', 'میرزا\u200Cعلی'], // ZWNJ inside a Persian name is kept
    ['👩\u200D💻 Dev', '👩\u200D💻 Dev'], // ZWJ emoji sequence kept
    ['Admiral', 'Admiral'],
    ['Modesty', 'Modesty'],
    ['Editorial Team Fan', 'Editorial Team Fan'],
  ])('accepts %j as %j', (raw, expected) => {
    expect(checkName(raw, rules)).toBe(expected);
  });

  it.each([
    ['', 'VALIDATION_FAILED'],
    ['   ', 'VALIDATION_FAILED'],
    ['\u200B\u200C\u200D', 'VALIDATION_FAILED'],
    ['\u2060\uFEFF\u200E\u200F', 'VALIDATION_FAILED'],
    ['\u3164', 'VALIDATION_FAILED'], // Hangul filler: looks blank
    ['\u202EnimdA', 'NAME_NOT_ALLOWED'], // right-to-left override
    ['Bob\u2066x\u2069', 'NAME_NOT_ALLOWED'], // isolate
    ['Admin', 'NAME_NOT_ALLOWED'],
    ['administrator', 'NAME_NOT_ALLOWED'],
    ['MODERATOR', 'NAME_NOT_ALLOWED'],
    ['Mod', 'NAME_NOT_ALLOWED'],
    ['mods', 'NAME_NOT_ALLOWED'],
    ['Editor', 'NAME_NOT_ALLOWED'],
    ['Staff', 'NAME_NOT_ALLOWED'],
    ['A.d.m.i.n', 'NAME_NOT_ALLOWED'],
    ['A d m i n', 'NAME_NOT_ALLOWED'],
    ['Ed Itor', 'NAME_NOT_ALLOWED'],
    ['Adm1n', 'NAME_NOT_ALLOWED'],
    ['AdmIn', 'NAME_NOT_ALLOWED'],
    ['ADMlN', 'NAME_NOT_ALLOWED'],
    ['Аdmin', 'NAME_NOT_ALLOWED'], // Cyrillic А
    ['Μοderator', 'NAME_NOT_ALLOWED'], // Greek Μ and ο
    ['Ａｄｍｉｎ', 'NAME_NOT_ALLOWED'], // fullwidth
    ['Ad\u200Bmin', 'NAME_NOT_ALLOWED'], // zero-width space inside
    ['Adrnin', 'NAME_NOT_ALLOWED'], // rn looks like m
    ['The Admin', 'NAME_NOT_ALLOWED'],
    ['ᴀᴅᴍɪɴ', 'NAME_NOT_ALLOWED'], // small capitals
    ['ᴍᴏᴅᴇʀᴀᴛᴏʀ', 'NAME_NOT_ALLOWED'],
    ['ꓮdmin', 'NAME_NOT_ALLOWED'], // Lisu ꓮ
    ['ѕtaff', 'NAME_NOT_ALLOWED'], // Cyrillic ѕ
    ['Ⓐⓓⓜⓘⓝ', 'NAME_NOT_ALLOWED'], // circled letters
    ['x'.repeat(21), 'VALIDATION_FAILED'],
  ])('refuses %j with %s, naming the field', (raw, code) => {
    expect(refusal(raw)).toMatchObject({ code, field: 'guest.name' });
  });

  it('says why in words', () => {
    expect(refusal('Admin')?.message).toMatch(/staff title/);
    expect(refusal('\u202Ex')?.message).toMatch(/direction/);
    expect(refusal('\u200B')?.message).toMatch(/must not be empty/);
  });
});

describe('readsAsStaffTitle', () => {
  it.each([
    ['Admin', true],
    ['s.t.a.f.f', true],
    ['3d1t0r', true],
    ['Adam', false],
    ['Moderate Mike', false],
    ['Staffordshire', false],
    ['Jürgen', false],
    ['Ada Lovelace', false],
    ['Madmin', false],
  ])('%j → %s', (name, expected) => expect(readsAsStaffTitle(name)).toBe(expected));
});

describe('sanitiseName (names from a sign-in provider)', () => {
  it.each([
    ['Ada\u202E Lovelace', 'Ada Lovelace'],
    ['  Grace\u200B  Hopper ', 'Grace Hopper'],
    ['\u200B', 'fallback'],
    [null, 'fallback'],
    ['Administrator', 'fallback'],
    ['a'.repeat(30), 'a'.repeat(20)],
  ])('%j → %j', (raw, expected) => expect(sanitiseName(raw, 'fallback', 20)).toBe(expected));
});
