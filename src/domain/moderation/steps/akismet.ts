// Akismet (https://akismet.com/developers/), asked only when the site has a key. Its protocol:
// POST /1.1/comment-check, form-encoded, answering "true" (spam) or "false"; a spam answer
// with `X-akismet-pro-tip: discard` is the blatant kind. Anything else (an invalid key, an
// error page, a timeout, no network) makes this step abstain with the reason: posting never
// waits on, or fails because of, someone else's service.
import type { ModerationStep } from '../types.ts';
import type { Candidate } from '../candidate.ts';

export interface AkismetSettings {
  key: string;
  /** https://rest.akismet.com unless told otherwise. */
  url: string;
  /** The site's front page, which the key is registered for. */
  blog: string;
  /** Abandon the check after this long (default 5 s). */
  timeoutMs?: number;
}

const ROLE: Record<string, string> = { admin: 'administrator', editor: 'editor', moderator: 'moderator' };

export function akismetFields(settings: AkismetSettings, candidate: Candidate, author: { email: string | null }): URLSearchParams {
  const fields = new URLSearchParams({
    api_key: settings.key,
    blog: settings.blog,
    user_ip: candidate.ip ?? '',
    user_agent: candidate.userAgent ?? '',
    comment_type: 'comment',
    comment_author: candidate.author.name,
    comment_author_email: author.email ?? '',
    comment_content: candidate.body,
    comment_date_gmt: candidate.at,
    blog_charset: 'UTF-8',
  });
  if (candidate.permalink) fields.set('permalink', candidate.permalink);
  if (candidate.author.kind === 'account' && ROLE[candidate.author.role]) fields.set('user_role', ROLE[candidate.author.role]!);
  if (candidate.mode === 'edit') fields.set('recheck_reason', 'edit');
  return fields;
}

const abstain = (why: string): ModerationStep => ({
  step: 'akismet',
  verdict: 'publish',
  reason: `Akismet was not consulted: ${why}; the other checks decide`,
});

export async function checkAkismet(
  settings: AkismetSettings,
  fields: URLSearchParams,
  fetchImpl: typeof fetch = fetch,
): Promise<ModerationStep> {
  let response: Response;
  let answer: string;
  try {
    response = await fetchImpl(new URL('/1.1/comment-check', settings.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'user-agent': 'Gazette/0.1 | Akismet' },
      body: fields.toString(),
      signal: AbortSignal.timeout(settings.timeoutMs ?? 5000),
    });
    answer = (await response.text()).trim();
  } catch (error) {
    const name = (error as Error).name;
    return abstain(name === 'TimeoutError' ? 'it did not answer in time' : `it could not be reached (${(error as Error).message})`);
  }
  if (response.ok && answer === 'true') {
    const blatant = (response.headers.get('x-akismet-pro-tip') ?? '').toLowerCase() === 'discard';
    return { step: 'akismet', verdict: 'spam', reason: blatant ? 'Akismet says blatant spam' : 'Akismet says spam' };
  }
  if (response.ok && answer === 'false') return { step: 'akismet', verdict: 'publish', reason: 'Akismet says not spam' };
  const help = response.headers.get('x-akismet-debug-help') ?? response.headers.get('x-akismet-alert-msg');
  return abstain(`it answered ${response.status} "${answer.slice(0, 60)}"${help ? ` (${help})` : ''}`);
}
