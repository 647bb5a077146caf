// Staff badges: what a comment or a profile says about who is speaking. The article's own
// author is the most useful thing to know in its thread, so "Author" wins over a role there.
import type { Role } from '../../storage/schema.ts';

const ROLE_BADGES: Partial<Record<Role, string>> = { editor: 'Editor', moderator: 'Moderator', admin: 'Admin' };

/** The badge a role earns anywhere (profiles, comments on others' articles); null for readers and authors. */
export function roleBadge(role: Role | null): string | null {
  return (role && ROLE_BADGES[role]) ?? null;
}

export function commentBadge(author: { id: string; role: Role | null }, postAuthorId: string | null | undefined): string | null {
  if (postAuthorId && author.id === postAuthorId) return 'Author';
  return roleBadge(author.role);
}
