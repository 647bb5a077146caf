// Who may do what: one small rule per action, and nowhere else. Handlers ask `can(...)`.
import type { Role } from '../storage/schema.ts';

export interface Actor {
  id: string;
  role: Role;
}

interface OwnedResource {
  author_id: string;
}

/** The admin's desk setting that the publish rule reads (domain/posts/desk-settings.ts). */
interface PublishSettings {
  authorsMayPublish: boolean;
}

const STAFF_WRITERS: Role[] = ['author', 'editor', 'admin'];
const EDITORS: Role[] = ['editor', 'admin'];
const MODERATORS: Role[] = ['moderator', 'admin'];

export const rules = {
  'post.create': (actor: Actor) => STAFF_WRITERS.includes(actor.role),
  'post.edit': (actor: Actor, post: OwnedResource) =>
    EDITORS.includes(actor.role) || (actor.role === 'author' && post.author_id === actor.id),
  'post.delete': (actor: Actor, post: OwnedResource) =>
    EDITORS.includes(actor.role) || (actor.role === 'author' && post.author_id === actor.id),
  // Publish, schedule or unpublish. Authors only on their own posts, and only when the admin
  // allows it (off by default: the author submits for review and an editor publishes).
  'post.publish': (actor: Actor, post: OwnedResource, settings: PublishSettings = { authorsMayPublish: false }) =>
    EDITORS.includes(actor.role) || (actor.role === 'author' && post.author_id === actor.id && settings.authorsMayPublish),
  /** The writers' desk (/desk): the roles that write. Moderators keep /admin/moderation. */
  'desk.use': (actor: Actor) => STAFF_WRITERS.includes(actor.role),
  'post.assignAuthor': (actor: Actor) => EDITORS.includes(actor.role),
  'page.write': (actor: Actor) => EDITORS.includes(actor.role),
  'taxonomy.manage': (actor: Actor) => EDITORS.includes(actor.role),
  /** The home page's lead and featured stories are an editorial choice across everyone's posts. */
  'home.arrange': (actor: Actor) => EDITORS.includes(actor.role),
  /** A correction note speaks for the publication, not the author: editors add and remove them. */
  'post.correct': (actor: Actor) => EDITORS.includes(actor.role),
  /** Readers' error reports on articles: editors answer, dismiss or turn them into corrections. */
  'errorReports.handle': (actor: Actor) => EDITORS.includes(actor.role),
  'media.upload': (actor: Actor) => STAFF_WRITERS.includes(actor.role),
  'admin.api': (actor: Actor) => actor.role !== 'reader',
  'users.manage': (actor: Actor) => actor.role === 'admin',
  /** Mail holds other people's addresses and sign-in links: admins only. */
  'outbox.view': (actor: Actor) => actor.role === 'admin',
  'settings.change': (actor: Actor) => actor.role === 'admin',
  'import.run': (actor: Actor) => actor.role === 'admin',
  // Someone else's comment: moderators and admins may edit or remove it (the author always may).
  'comment.editAny': (actor: Actor) => MODERATORS.includes(actor.role),
  'comment.moderate': (actor: Actor) => MODERATORS.includes(actor.role),
} as const;

export type Action = keyof typeof rules;

export function can<A extends Action>(action: A, ...args: Parameters<(typeof rules)[A]>): boolean {
  return (rules[action] as (...a: unknown[]) => boolean)(...args);
}
