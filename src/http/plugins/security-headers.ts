// Security headers on every response, as helmet writes them. The Content-Security-Policy is
// the second wall behind the URL check (render/safe-url.ts) and the escaping of every template:
// if markup ever slips through, no inline script or javascript: URL runs, and no other site
// frames our pages. Pages load scripts and styles only as files from /assets, so the policy
// needs neither nonces nor 'unsafe-inline'. JSON-LD is <script type="application/ld+json">,
// which browsers never execute, so CSP leaves it alone.
//
// helmet computes the headers once per policy here, and a hook copies them onto each reply:
// @fastify/helmet built helmet's middleware again for every request, which cost more than
// answering a small cached request itself (bench/counts.ts).
import helmet from 'helmet';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';

type Directives = Record<string, string[]>;

const DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // Avatar colours are classes, not style="" attributes, so no inline style is needed either.
  'style-src': ["'self'"],
  // Uploaded media and avatars are ours; an article may show an https image from elsewhere.
  'img-src': ["'self'", 'data:', 'https:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  // Every form posts here; OpenID Connect starts with a link (GET), not a form, so no provider is listed.
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

// No return type: helmet's option type is a union (hsts or strictTransportSecurity) that TypeScript
// cannot spread or Omit, while this object's own inferred type fits every place it goes.
function options(directives: Directives) {
  return {
    contentSecurityPolicy: {
      // Helmet's defaults add upgrade-insecure-requests, which breaks a site served over plain
      // http on a LAN address: the policy is spelled out in full instead.
      useDefaults: false,
      directives,
    },
    frameguard: { action: 'deny' as const },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' as const },
    // Feed readers and other sites show our /media images; the default (same-origin) would block them.
    crossOriginResourcePolicy: { policy: 'cross-origin' as const },
    // HTTPS and its max-age are the TLS terminator's decision (a proxy in front of us), not ours.
    strictTransportSecurity: false as const,
  };
}

/**
 * For a page that shows a stored e-mail in a sandboxed srcdoc iframe (the admin outbox): the
 * frame inherits this policy, and mail is styled with style="" attributes. The sandbox (no
 * scripts, opaque origin) is what makes those inline styles harmless.
 */
const MAIL_PREVIEW = options({ ...DIRECTIVES, 'style-src': ["'self'", "'unsafe-inline'"] });

/**
 * The embed's frame (/embed/thread, embed-routes.ts): no X-Frame-Options (it cannot list origins),
 * and the handler replaces the policy with embedFramePolicy(site's origins) once the host is
 * verified; every refusal keeps frame-ancestors 'none'.
 */
const EMBED_FRAME = { ...options(DIRECTIVES), frameguard: false as const };

/** The full policy with `frame-ancestors` limited to these origins (already normalised). */
export function embedFramePolicy(origins: readonly string[]): string {
  const directives: Directives = { ...DIRECTIVES, 'frame-ancestors': origins.length ? [...origins] : ["'none'"] };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The headers helmet sets for these options, captured once from a stand-in response. */
function headersOf(helmetOptions: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(helmetOptions)({} as IncomingMessage, response as unknown as ServerResponse, () => {});
  return headers;
}

const HEADER_SETS = {
  default: headersOf(options(DIRECTIVES)),
  /** A page that shows a stored e-mail in a sandboxed srcdoc iframe (see MAIL_PREVIEW above). */
  'mail-preview': headersOf(MAIL_PREVIEW),
  /** The embed's frame (see EMBED_FRAME above). */
  'embed-frame': headersOf(EMBED_FRAME),
  /**
   * A public JSON answer read cross-origin by scripts (the counts endpoint): what a JSON API needs
   * (no sniffing into HTML; if opened as a document, nothing loads and nothing frames it), not a
   * page's whole policy. Every header costs each answer; on this one they cost more than the rest.
   */
  api: { 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'" },
};
export type SecurityHeaderSet = keyof typeof HEADER_SETS;

/** The headers of a set, for answers written without Fastify (http/fast-lane.ts). */
export const securityHeadersOf = (set: SecurityHeaderSet): Record<string, string> => ({ ...HEADER_SETS[set] });

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which security headers a route answers with (default: the site's policy). */
    securityHeaders?: SecurityHeaderSet;
  }
}

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(HEADER_SETS[request.routeOptions.config?.securityHeaders ?? 'default']);
  });
}
