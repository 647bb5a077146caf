// Registering the sites that embed Gazette's discussion. A site's origins decide where its
// threads may be framed and created; registering (or adding an origin) also brings in the
// threads a Disqus import left under those origins, so imported discussions join their site.
import { AppError } from '../../errors.ts';
import { randomBase64Url } from '../../ids.ts';
import { inTransaction } from '../../storage/db.ts';
import type { SiteRow } from '../../storage/schema.ts';
import {
  deleteSiteRow,
  fileThreadUnderSite,
  findSiteRow,
  findThreadBySiteUrl,
  insertSite,
  listOriginThreads,
  listSiteRows,
  updateSiteRow,
} from '../../storage/repos/sites.ts';
import type { DomainContext } from '../context.ts';
import type { ThreadPolicy } from '../moderation/settings-schema.ts';
import { canonicalPageUrl } from './canonical-url.ts';
import type { Site, SiteInput } from './types.ts';
import {
  validateDefaultPolicy,
  validateGuestPolicy,
  validateLang,
  validateOrigins,
  validateSiteName,
  validateTheme,
  validateTitle,
} from './validate.ts';

const newSecret = () => randomBase64Url(32);

function toSite(row: SiteRow): Site {
  return {
    name: row.name,
    title: row.title,
    origins: JSON.parse(row.origins) as string[],
    guestPolicy: row.guest_policy === 'accounts' ? 'accounts' : 'guests',
    defaultPolicy: (row.default_policy as ThreadPolicy | null) ?? null,
    lang: row.lang,
    theme: { accent: row.theme_accent, font: row.theme_font, radius: row.theme_radius },
    createdAt: row.created_at,
  };
}

/** Threads filed under one of the origins (by an import) move to the site, their URLs made canonical. */
async function joinOriginThreads(db: DomainContext['db'], site: string, origins: string[]): Promise<number> {
  let joined = 0;
  for (const thread of await listOriginThreads(db, origins)) {
    let url = thread.url;
    try {
      if (url) url = canonicalPageUrl(url);
    } catch {
      // an unusual URL is kept as the import stored it
    }
    // Another thread of the site already has that page: this one keeps its origin (no merge).
    if (url && (await findThreadBySiteUrl(db, site, url))) continue;
    await fileThreadUnderSite(db, thread.id, { site, url });
    joined++;
  }
  return joined;
}

export async function registerSite(ctx: DomainContext, input: SiteInput): Promise<Site> {
  const name = validateSiteName(input.name);
  const theme = validateTheme(input.theme ?? {});
  const row: SiteRow = {
    name,
    title: input.title === undefined ? '' : validateTitle(input.title),
    origins: JSON.stringify(validateOrigins(input.origins)),
    sso_secret: newSecret(),
    guest_policy: input.guestPolicy === undefined ? 'guests' : validateGuestPolicy(input.guestPolicy),
    default_policy: input.defaultPolicy === undefined ? null : validateDefaultPolicy(input.defaultPolicy),
    lang: input.lang === undefined ? null : validateLang(input.lang),
    theme_accent: theme.accent ?? null,
    theme_font: theme.font ?? null,
    theme_radius: theme.radius ?? null,
    created_at: ctx.clock.now().toISOString(),
  };
  return inTransaction(ctx.db, async (db) => {
    if (!(await insertSite(db, row))) throw new AppError('SITE_EXISTS', `a site named "${name}" is already registered`, 'name');
    await joinOriginThreads(db, name, JSON.parse(row.origins) as string[]);
    return toSite(row);
  });
}

export async function updateSite(ctx: DomainContext, name: string, patch: Partial<SiteInput>): Promise<Site> {
  const current = await requireSite(ctx, name);
  const changes: Partial<SiteRow> = {};
  if (patch.name !== undefined && patch.name !== name) throw new AppError('VALIDATION_FAILED', 'a site cannot be renamed', 'name');
  if (patch.title !== undefined) changes.title = validateTitle(patch.title);
  const origins = patch.origins === undefined ? null : validateOrigins(patch.origins);
  if (origins) changes.origins = JSON.stringify(origins);
  if (patch.guestPolicy !== undefined) changes.guest_policy = validateGuestPolicy(patch.guestPolicy);
  if (patch.defaultPolicy !== undefined) changes.default_policy = validateDefaultPolicy(patch.defaultPolicy);
  if (patch.lang !== undefined) changes.lang = validateLang(patch.lang);
  const theme = validateTheme(patch.theme);
  if (theme.accent !== undefined) changes.theme_accent = theme.accent;
  if (theme.font !== undefined) changes.theme_font = theme.font;
  if (theme.radius !== undefined) changes.theme_radius = theme.radius;
  await inTransaction(ctx.db, async (db) => {
    await updateSiteRow(db, current.name, changes);
    const added = origins?.filter((o) => !current.origins.includes(o)) ?? [];
    if (added.length > 0) await joinOriginThreads(db, current.name, added);
  });
  return requireSite(ctx, name);
}

/** Forgets the site; its threads and comments stay (under its name), and come back if it is registered again. */
export async function removeSite(ctx: DomainContext, name: string): Promise<void> {
  if (!(await deleteSiteRow(ctx.db, name))) throw new AppError('SITE_NOT_FOUND', `no site is named "${name}"`);
}

export async function listSites(ctx: DomainContext): Promise<Site[]> {
  return (await listSiteRows(ctx.db)).map(toSite);
}

export async function findSite(ctx: DomainContext, name: string): Promise<Site | null> {
  if (name.length > 40) return null;
  const row = await findSiteRow(ctx.db, name);
  return row ? toSite(row) : null;
}

export async function requireSite(ctx: DomainContext, name: string): Promise<Site> {
  const site = await findSite(ctx, name);
  if (!site) throw new AppError('SITE_NOT_FOUND', `no site is named "${name.slice(0, 40)}"`);
  return site;
}

/** The secret the site's single sign-on tokens are signed with (HS256). */
export async function siteSsoSecret(ctx: DomainContext, name: string): Promise<string> {
  const row = await findSiteRow(ctx.db, name);
  if (!row) throw new AppError('SITE_NOT_FOUND', `no site is named "${name.slice(0, 40)}"`);
  return row.sso_secret;
}

/** A new secret; tokens signed with the old one are refused from now on. Shown once, to the caller. */
export async function rotateSiteSecret(ctx: DomainContext, name: string): Promise<string> {
  await requireSite(ctx, name);
  const secret = newSecret();
  await updateSiteRow(ctx.db, name, { sso_secret: secret });
  return secret;
}
