// Links: more than the site allows holds the comment (link-stuffing is the commonest spam);
// any link to a blocked domain, or one of its subdomains, marks it as spam.
import type { ModerationSettings } from '../settings.ts';
import type { ModerationStep } from '../types.ts';
import { hostOf, linksIn, plural } from './text.ts';

export function checkLinkCount(body: string, settings: Pick<ModerationSettings, 'maxLinks'>): ModerationStep | null {
  const count = linksIn(body).length;
  if (count <= settings.maxLinks) return null;
  return { step: 'links', verdict: 'hold', reason: `${plural(count, 'link')}; the site allows ${settings.maxLinks}`, score: count };
}

const blocks = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

export function checkBlockedDomains(body: string, settings: Pick<ModerationSettings, 'blockedDomains'>): ModerationStep | null {
  if (settings.blockedDomains.length === 0) return null;
  const blocked = new Set<string>();
  for (const link of linksIn(body)) {
    const host = hostOf(link);
    const domain = host ? settings.blockedDomains.find((d) => blocks(host, d.toLowerCase())) : undefined;
    if (domain) blocked.add(domain);
  }
  if (blocked.size === 0) return null;
  return { step: 'blocked-domain', verdict: 'spam', reason: `links to a blocked domain: ${[...blocked].join(', ')}` };
}
