// The API describes itself from the route schemas: /api/v1/openapi.json is always current.
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';

export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gazette API',
        version: '1',
        description: 'Read published content, and (with an API token) write posts, media, categories and tags.',
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
