// A person's public profile: who they are (name, avatar, bio, since when, staff badge) and what
// they have said, newest first, each comment linking to its place in the discussion.
import { html, trusted } from '../../../render/html.ts';
import { avatar } from '../../../render/avatar.ts';
import type { ProfileCommentPage, ProfileView } from '../../../domain/users/profile.ts';
import { layout, type SiteContext } from '../layout.ts';
import { date, pageTitle, pagination } from '../components.ts';
import { DEFAULT_LOCALE } from '../../../i18n/locales.ts';
import { siteText, textWith } from '../site-text.ts';
import { badgeText } from '../../../render/thread-text.ts';

export function renderProfile(site: SiteContext, profile: ProfileView, list: ProfileCommentPage): string {
  const base = profile.profileUrl;
  const locale = site.locale ?? DEFAULT_LOCALE;
  const text = siteText(locale);
  // Grouped digits here, in English too ("1,204 comments"), as this page always showed them.
  const n = profile.commentCount.toLocaleString(locale === DEFAULT_LOCALE ? 'en-GB' : locale);
  const main = html`<section class="profile" aria-labelledby="profile-heading">
  <header class="archive-header profile-header">
    ${avatar(profile.displayName, 'large', profile.avatar?.['256'] ?? null)}
    <div>
      <h1 id="profile-heading">${profile.displayName}${profile.badge ? html` <span class="badge">${badgeText(locale, profile.badge)}</span>` : ''}</h1>
      ${profile.bio ? html`<p class="bio">${profile.bio}</p>` : ''}
      <p class="meta">${textWith(text, 'memberSince', { date: date(profile.memberSince, locale) })} · ${text('profileCommentCount', { count: profile.commentCount, n })}</p>
    </div>
  </header>
  <h2>${text('profileComments')}</h2>
  ${
    list.comments.length === 0
      ? html`<p class="empty">${text(list.page > 1 ? 'profileNoMoreComments' : 'profileNoComments')}</p>`
      : html`<ol class="profile-comments">${list.comments.map(
          (c) => html`<li class="profile-comment">
      <p class="meta">${textWith(text, c.isReply ? 'repliedOn' : 'commentedOn', { title: c.on.url ? html`<a href="${c.on.url}">${c.on.title}</a>` : c.on.title })} · <a href="${c.url}">${date(c.createdAt, locale)}</a></p>
      <div class="comment-body">${trusted(c.bodyHtml)}</div>
    </li>`,
        )}</ol>`
  }
  ${pagination(base, list.page, list.pageCount, locale)}
</section>`;
  const path = list.page > 1 ? `${base}?page=${list.page}` : base;
  // Profiles of people with nothing public yet are thin pages: keep them out of search engines.
  return layout(
    site,
    {
      title: pageTitle(profile.displayName, list.page, locale),
      description: profile.bio || undefined,
      path,
      noindex: profile.commentCount === 0,
    },
    main,
  );
}
