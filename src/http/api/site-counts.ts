// GET /api/v1/sites/:site/counts?page=ID&url=URL…: comment counts for a site's list pages, as
// numbers and as labels in the site's language ("3 comments"), for count.js. Counts are public,
// so any origin may read them (Access-Control-Allow-Origin: *) and no cookie is looked at; the
// answer is cacheable for 30 seconds by browsers and proxies, and revalidates with its ETag.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { DomainContext } from '../../domain/context.ts';
import { countsForPages, MAX_COUNT_KEYS, MAX_PAGE_ID_LENGTH, MAX_PAGE_URL_LENGTH, type PageCounts } from '../../domain/sites/counts.ts';
import { requireSite } from '../../domain/sites/sites.ts';
import { DEFAULT_LOCALE, pickLocale, type Locale } from '../../i18n/locales.ts';
import { t } from '../../i18n/translate.ts';
import { COMPRESS_MIN_BYTES, encodeAll, etagFor, matchesIfNoneMatch, negotiateCoding, varyWithAcceptEncoding } from '../content-coding.ts';
import { createCountsCache, type CountsAnswer, type CountsCache } from './counts-cache.ts';
import { ErrorSchema } from './presenters.ts';

/** How long browsers and proxies may reuse an answer, and how long this process keeps one. */
export const COUNTS_MAX_AGE_SECONDS = 30;

const CountSchema = Type.Object({
  count: Type.Integer({ minimum: 0, description: 'published comments' }),
  label: Type.String({ description: 'the count in words, in the site\'s language (or `lang`): "3 comments"' }),
});

const CountsQuerySchema = Type.Object(
  {
    page: Type.Optional(
      Type.Array(Type.String(), {
        description: `page ids (\`data-page-id\` of the embed); repeat the parameter, at most ${MAX_COUNT_KEYS} different ones of ${MAX_PAGE_ID_LENGTH} characters`,
      }),
    ),
    url: Type.Optional(
      Type.Array(Type.String(), {
        description: `absolute page URLs, matched by their canonical form; at most ${MAX_COUNT_KEYS} different ones of ${MAX_PAGE_URL_LENGTH} characters`,
      }),
    ),
    lang: Type.Optional(Type.String({ maxLength: 35, description: "the labels' language; default: the site's, else English" })),
  },
  { additionalProperties: false },
);

/** Keys sorted: the same pages asked in another order get the same bytes, and so the same ETag. */
function present(counts: PageCounts, locale: Locale) {
  const labelled = (byKey: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(byKey)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, count]) => [key, { count, label: t(locale, 'counts.label', { count }) }]),
    );
  return { pages: labelled(counts.pages), urls: labelled(counts.urls) };
}

/** The answer in the coding the reader accepts, compressed once per cached answer; 304 when the reader holds it. */
async function sendAnswer(request: FastifyRequest, reply: FastifyReply, answer: CountsAnswer) {
  reply.header('cache-control', `public, max-age=${COUNTS_MAX_AGE_SECONDS}`);
  let coding = answer.body.length >= COMPRESS_MIN_BYTES ? negotiateCoding(request.headers['accept-encoding']) : 'identity';
  if (answer.body.length >= COMPRESS_MIN_BYTES) reply.header('vary', varyWithAcceptEncoding(reply.getHeader('vary')));
  const encoded =
    coding === 'identity'
      ? {}
      : await (answer.encoded ??= encodeAll(answer.body, 'perRequest').then((copies) => (answer.encodedReady = copies)));
  if (coding !== 'identity' && !encoded[coding]) coding = 'identity';
  const etag = etagFor(answer.etag, coding);
  reply.header('etag', etag);
  if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  reply.type('application/json; charset=utf-8');
  if (coding === 'identity') return reply.send(answer.body);
  return reply.header('content-encoding', coding).send(encoded[coding]);
}

/** The answers of this endpoint, kept COUNTS_MAX_AGE_SECONDS (app.ts also hands them to the fast lane). */
export const createSiteCountsCache = (ctx: DomainContext): CountsCache =>
  createCountsCache({ clock: ctx.clock, events: ctx.events, ttlSeconds: COUNTS_MAX_AGE_SECONDS });

export function registerSiteCountsApi(root: FastifyInstance, deps: { ctx: DomainContext; cache: CountsCache }): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const { ctx, cache } = deps;
  app.addHook('onClose', async () => cache.close());

  app.get(
    '/sites/:site/counts',
    {
      // A JSON API's headers rather than a page's (security-headers.ts); the fast lane sends the same.
      config: { securityHeaders: 'api' },
      schema: {
        tags: ['embed'],
        summary: "Comment counts of a site's pages, for list pages (count.js)",
        description: `Published comments per page, by page id and by URL, in one request. Pages without a thread count 0. Public: any origin may read it, and answers may be up to ${COUNTS_MAX_AGE_SECONDS} seconds old.`,
        params: Type.Object({ site: Type.String({ minLength: 1, maxLength: 100, description: 'the `data-site` name' }) }),
        querystring: CountsQuerySchema,
        response: {
          200: Type.Object({ pages: Type.Record(Type.String(), CountSchema), urls: Type.Record(Type.String(), CountSchema) }),
          304: Type.Null({ description: 'the answer the If-None-Match names is still current' }),
          400: ErrorSchema,
          404: ErrorSchema,
        },
      },
      onRequest: async (request, reply) => {
        // First, so that errors (an unknown site, a bad field) are readable cross-origin too.
        reply.header('access-control-allow-origin', '*');
        // A question answered in the last 30 s is answered again before its query string is even
        // validated (it was valid then): a list page's readers all ask the same one.
        const kept = cache.peek(request.url);
        if (kept) return sendAnswer(request, reply, await kept);
      },
    },
    async (request, reply) => {
      const name = request.params.site;
      // Keyed by the URL as asked: count.js sorts its keys, so a list page asks in one order.
      const answer = await cache.get(request.url, async () => {
        const site = await requireSite(ctx, name);
        const counts = await countsForPages(ctx, site, request.query.page ?? [], request.query.url ?? []);
        const locale = pickLocale(request.query.lang, site.lang) ?? DEFAULT_LOCALE;
        return JSON.stringify(present(counts, locale));
      });
      return sendAnswer(request, reply, answer);
    },
  );
}
