// Signed, expiring preview links: /preview/TOKEN shows an unpublished article, exactly as its page
// will look, to someone without an account. The token is POSTID.EXPIRY.SIGNATURE, the signature an
// HMAC-SHA256 under the site secret over the post id, the expiry and the post's preview nonce. No
// link is stored: a link proves itself, and "Revoke links" replaces the nonce, which un-signs every
// link made before. Expiry is read from the injected clock.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError, invalid, notFound } from '../../errors.ts';
import { randomBase64Url } from '../../ids.ts';
import * as postsRepo from '../../storage/repos/posts.ts';
import { ensurePreviewNonce, replacePreviewNonce } from '../../storage/repos/preview-links.ts';
import type { Post } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { siteSecret } from '../site-secret.ts';
import { articleView, type Article } from './read.ts';

/** How long a link may last: the writer's choice in the editor. */
export const PREVIEW_DURATIONS = { '1h': 3600, '1d': 86_400, '7d': 7 * 86_400 } as const;
export type PreviewDuration = keyof typeof PREVIEW_DURATIONS;
export const PREVIEW_DURATION_LABELS: Record<PreviewDuration, string> = { '1h': '1 hour', '1d': '1 day', '7d': '7 days' };

export interface PreviewLink {
  token: string;
  expiresAt: string;
}

// Post ids are base-36 (ids.ts), the expiry is base-36 seconds, the signature 32 bytes of base64url.
const TOKEN = /^([0-9a-z]{1,64})\.([0-9a-z]{1,10})\.([A-Za-z0-9_-]{43})$/;

const EXPIRED = 'This preview link has expired; ask the writer for a new one';
const NOT_VALID = 'This preview link is not valid: it may be mistyped, or the writer revoked it; ask the writer for a new one';

async function secretOf(ctx: DomainContext): Promise<string> {
  return ctx.secret ?? siteSecret(ctx.db, ctx.clock, null);
}

function signature(secret: string, postId: string, expiry: string, nonce: string): string {
  // One line per part, tagged, so a preview signature can never stand for another signed link's.
  return createHmac('sha256', secret).update(`gazette-preview\n${postId}\n${expiry}\n${nonce}`).digest('base64url');
}

async function editablePost(ctx: DomainContext, actor: Actor, postId: string): Promise<Post> {
  const post = await postsRepo.findPostById(ctx.db, postId);
  if (!post) throw notFound('post');
  if (!can('post.edit', actor, post))
    throw new AppError('ROLE_NOT_ALLOWED', 'only those who may edit this post may share or revoke its previews');
  if (post.type !== 'post') throw invalid('postId', 'preview links show articles; a page is seen as it is once published');
  return post;
}

/** A new link to the post, valid for `duration` from now. */
export async function createPreviewLink(ctx: DomainContext, actor: Actor, postId: string, duration: string): Promise<PreviewLink> {
  const post = await editablePost(ctx, actor, postId);
  if (!Object.hasOwn(PREVIEW_DURATIONS, duration)) throw invalid('duration', 'choose 1 hour, 1 day or 7 days');
  const nonce = await ensurePreviewNonce(ctx.db, post.id, randomBase64Url(18));
  if (!nonce) throw notFound('post');
  const expiresAtSeconds = Math.floor(ctx.clock.now().getTime() / 1000) + PREVIEW_DURATIONS[duration as PreviewDuration];
  const expiry = expiresAtSeconds.toString(36);
  return {
    token: `${post.id}.${expiry}.${signature(await secretOf(ctx), post.id, expiry, nonce)}`,
    expiresAt: new Date(expiresAtSeconds * 1000).toISOString(),
  };
}

/** Every link made so far stops working; links made afterwards work. */
export async function revokePreviewLinks(ctx: DomainContext, actor: Actor, postId: string): Promise<void> {
  const post = await editablePost(ctx, actor, postId);
  await replacePreviewNonce(ctx.db, post.id, randomBase64Url(18));
}

/** When a well-formed token says it expires (it may still be forged: only openPreviewLink checks). */
export function previewLinkExpiry(token: string): { postId: string; expiresAt: string } | null {
  const match = TOKEN.exec(token);
  if (!match) return null;
  return { postId: match[1]!, expiresAt: new Date(parseInt(match[2]!, 36) * 1000).toISOString() };
}

/** The article a link shows: PREVIEW_LINK_INVALID for a forged, altered or revoked link, PREVIEW_LINK_EXPIRED after its time. */
export async function openPreviewLink(ctx: DomainContext, token: string): Promise<Article> {
  const match = TOKEN.exec(token);
  if (!match) throw new AppError('PREVIEW_LINK_INVALID', NOT_VALID);
  const [postId, expiry, given] = [match[1]!, match[2]!, match[3]!];
  const post = await postsRepo.findPostById(ctx.db, postId);
  if (!post || post.type !== 'post' || !post.preview_nonce) throw new AppError('PREVIEW_LINK_INVALID', NOT_VALID);
  const expected = Buffer.from(signature(await secretOf(ctx), post.id, expiry, post.preview_nonce));
  // Both are 43 characters (the pattern and the digest), which timingSafeEqual requires.
  if (!timingSafeEqual(Buffer.from(given), expected)) throw new AppError('PREVIEW_LINK_INVALID', NOT_VALID);
  // Checked after the signature, so a link whose expiry was altered reads as altered, not expired.
  if (ctx.clock.now().getTime() >= parseInt(expiry, 36) * 1000) throw new AppError('PREVIEW_LINK_EXPIRED', EXPIRED);
  return articleView(ctx, post);
}
