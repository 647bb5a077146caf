import type { FastifyRequest } from 'fastify';

/** The absolute base URL for links: the configured public URL, else the request's own host. */
export function siteUrl(publicUrl: string | null, request: FastifyRequest): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}
