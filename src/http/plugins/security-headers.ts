// Security headers on every response, through @fastify/helmet. The Content-Security-Policy is
// the second wall behind the URL check (render/safe-url.ts) and the escaping of every template:
// if markup ever slips through, no inline script or javascript: URL runs, and no other site
// frames our pages. Pages load scripts and styles only as files from /assets, so the policy
// needs neither nonces nor 'unsafe-inline'. JSON-LD is <script type="application/ld+json">,
// which browsers never execute, so CSP leaves it alone.
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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
export const MAIL_PREVIEW_HELMET = options({ ...DIRECTIVES, 'style-src': ["'self'", "'unsafe-inline'"] });

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, { global: true, ...options(DIRECTIVES) });
}
