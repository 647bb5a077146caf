// The API describes itself from the route schemas: /api/v1/openapi.json is always current.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { ERROR_CODES } from '../../errors.ts';

/** The error codes as a Markdown table, from the same record the server throws from, so the document cannot drift. */
function errorCodeTable(): string {
  const cell = (text: string) => text.replaceAll('|', '\\|');
  const rows = Object.entries(ERROR_CODES).map(([code, { status, meaning }]) => `| \`${code}\` | ${status} | ${cell(meaning)} |`);
  return ['| Code | Status | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gazette API',
        version: '1',
        description: [
          'Read published content, and (with an API token) write posts, media, categories and tags.',
          'Every error answers `{"error": {"code", "message", "field"?}}`. The `code` is stable and one of the list below; tell refusals apart by it, never by the English `message`.',
          errorCodeTable(),
        ].join('\n\n'),
      },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'A token from `gazette token create`' },
          session: { type: 'apiKey', in: 'cookie', name: 'gz_session', description: 'The browser session set by sign-in' },
        },
      },
    },
    // Only the JSON API belongs in the document; pages and assets are not part of it.
    hideUntagged: true,
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } } as object, async () => app.swagger());
}
