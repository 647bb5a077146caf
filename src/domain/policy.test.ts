import { describe, expect, it } from 'vitest';
import { can, type Actor } from './policy.ts';
import type { Role } from '../storage/schema.ts';

const ROLES: Role[] = ['reader', 'author', 'editor', 'moderator', 'admin'];
const actor = (role: Role): Actor => ({ id: `${role}-1`, role });
const own = (role: Role) => ({ author_id: `${role}-1` });
const someoneElses = { author_id: 'someone-else' };

// Every role × action, spelled out: a change to a rule shows up here as a changed row.
const TABLE: Record<string, (role: Role) => boolean> = {
  'create a post': (r) => can('post.create', actor(r)),
  'edit own post': (r) => can('post.edit', actor(r), own(r)),
  "edit another's post": (r) => can('post.edit', actor(r), someoneElses),
  'publish own post': (r) => can('post.publish', actor(r), own(r)),
  'publish own post when authors may publish': (r) => can('post.publish', actor(r), own(r), { authorsMayPublish: true }),
  "publish another's post when authors may publish": (r) => can('post.publish', actor(r), someoneElses, { authorsMayPublish: true }),
  'use the writers’ desk': (r) => can('desk.use', actor(r)),
  "publish another's post": (r) => can('post.publish', actor(r), someoneElses),
  "delete another's post": (r) => can('post.delete', actor(r), someoneElses),
  'write pages': (r) => can('page.write', actor(r)),
  'manage categories and tags': (r) => can('taxonomy.manage', actor(r)),
  'arrange the home page': (r) => can('home.arrange', actor(r)),
  'add or remove correction notes': (r) => can('post.correct', actor(r)),
  "handle readers' error reports": (r) => can('errorReports.handle', actor(r)),
  'upload media': (r) => can('media.upload', actor(r)),
  'use the admin API': (r) => can('admin.api', actor(r)),
  'manage users': (r) => can('users.manage', actor(r)),
  'change settings': (r) => can('settings.change', actor(r)),
  "edit another's comment": (r) => can('comment.editAny', actor(r)),
  'moderate comments': (r) => can('comment.moderate', actor(r)),
};

const EXPECTED: Record<string, Role[]> = {
  'create a post': ['author', 'editor', 'admin'],
  'edit own post': ['author', 'editor', 'admin'],
  "edit another's post": ['editor', 'admin'],
  'publish own post': ['editor', 'admin'],
  'publish own post when authors may publish': ['author', 'editor', 'admin'],
  "publish another's post when authors may publish": ['editor', 'admin'],
  'use the writers’ desk': ['author', 'editor', 'admin'],
  "publish another's post": ['editor', 'admin'],
  "delete another's post": ['editor', 'admin'],
  'write pages': ['editor', 'admin'],
  'manage categories and tags': ['editor', 'admin'],
  'arrange the home page': ['editor', 'admin'],
  'add or remove correction notes': ['editor', 'admin'],
  "handle readers' error reports": ['editor', 'admin'],
  'upload media': ['author', 'editor', 'admin'],
  'use the admin API': ['author', 'editor', 'moderator', 'admin'],
  'manage users': ['admin'],
  'change settings': ['admin'],
  "edit another's comment": ['moderator', 'admin'],
  'moderate comments': ['moderator', 'admin'],
};

describe('permission rules', () => {
  for (const [action, check] of Object.entries(TABLE)) {
    it(`${action}: ${EXPECTED[action]!.join(', ')}`, () => {
      expect(ROLES.filter((role) => check(role))).toEqual(EXPECTED[action]);
    });
  }
});
