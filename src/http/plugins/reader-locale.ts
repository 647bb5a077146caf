// Which language Gazette's own pages speak to this request: the site's fixed language
// (GAZETTE_LANG), or with `auto` the reader's Accept-Language, falling back to English. Chosen
// once per request, before any route, so every renderer and the page cache agree on it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_LOCALE, negotiateLocale, type Locale } from '../../i18n/locales.ts';

/** `negotiated`: the language came from the request's Accept-Language (the site's setting is `auto`). */
const chosen = new WeakMap<FastifyRequest, { locale: Locale; negotiated: boolean }>();

export function registerReaderLocale(app: FastifyInstance, setting: Locale | 'auto'): void {
  app.addHook('onRequest', async (request) => {
    if (setting !== 'auto') return void chosen.set(request, { locale: setting, negotiated: false });
    chosen.set(request, { locale: negotiateLocale(request.headers['accept-language']) ?? DEFAULT_LOCALE, negotiated: true });
  });
}

/** The request's language; English for a request the hook never saw (an app built without it). */
export function readerLocale(request: FastifyRequest): Locale {
  return chosen.get(request)?.locale ?? DEFAULT_LOCALE;
}

/**
 * A shared (cacheable) page whose language followed Accept-Language must say so, or a proxy
 * would hand one reader's language to the next. A fixed language needs no Vary.
 */
export function varyWithLanguage(request: FastifyRequest, reply: FastifyReply): void {
  if (!chosen.get(request)?.negotiated) return;
  const current = String(reply.getHeader('vary') ?? '');
  const fields = current
    .split(',')
    .map((field) => field.trim())
    .filter(Boolean);
  if (fields.some((field) => field === '*' || field.toLowerCase() === 'accept-language')) return;
  reply.header('vary', [...fields, 'Accept-Language'].join(', '));
}

/** The page cache's key for a page in this language: English keys stay as they were. */
export function localeKey(key: string, locale: Locale): string {
  return locale === DEFAULT_LOCALE ? key : `${key}#lang=${locale}`;
}
