// Table types for Kysely. Timestamps are ISO-8601 UTC strings in both engines (TEXT in SQLite,
// timestamptz in PostgreSQL, read back as ISO strings by the pg dialect), so rows look the same
// whichever engine produced them.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type Role = 'reader' | 'author' | 'editor' | 'moderator' | 'admin';
export type PostStatus = 'draft' | 'scheduled' | 'published';
export type PostType = 'post' | 'page';

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  slug: string;
  bio: string;
  role: Role;
  password_hash: string | null;
  avatar_media_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CategoriesTable {
  id: string;
  parent_id: string | null;
  name: string;
  slug: string;
  description: string;
  created_at: string;
}

export interface TagsTable {
  id: string;
  name: string;
  slug: string;
  created_at: string;
}

export interface PostsTable {
  id: string;
  type: PostType;
  status: PostStatus;
  title: string;
  slug: string;
  excerpt: string;
  body_markdown: string;
  /** Rendered once on save so that serving a page never parses Markdown. */
  body_html: string;
  /** Plain text of the body, for search snippets and feeds. */
  body_text: string;
  lead_media_id: string | null;
  author_id: string;
  category_id: string | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PostTagsTable {
  post_id: string;
  tag_id: string;
}

export interface MediaTable {
  id: string;
  original_name: string;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  sha256: string;
  alt: string;
  /** JSON array of the widths rendered as WebP and JPEG. */
  variant_widths: string;
  uploaded_by: string | null;
  created_at: string;
}

export interface ThreadsTable {
  id: string;
  post_id: string | null;
  site: string | null;
  url: string | null;
  title: string;
  comment_count: number;
  closed_at: string | null;
  created_at: string;
}

export interface CommentsTable {
  id: string;
  thread_id: string;
  parent_id: string | null;
  root_id: string;
  depth: number;
  author_id: string | null;
  guest_name: string | null;
  guest_email: string | null;
  guest_key_hash: string | null;
  body_markdown: string;
  body_html: string;
  status: 'published' | 'pending' | 'spam' | 'rejected' | 'deleted';
  upvotes: number;
  downvotes: number;
  wilson: number;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

export interface CommentVotesTable {
  comment_id: string;
  voter: string;
  value: number;
  created_at: string;
}

export interface Database {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  categories: CategoriesTable;
  tags: TagsTable;
  posts: PostsTable;
  post_tags: PostTagsTable;
  media: MediaTable;
  threads: ThreadsTable;
  comments: CommentsTable;
  comment_votes: CommentVotesTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Post = Selectable<PostsTable>;
export type NewPost = Insertable<PostsTable>;
export type PostUpdate = Updateable<PostsTable>;
export type Category = Selectable<CategoriesTable>;
export type Tag = Selectable<TagsTable>;
export type Media = Selectable<MediaTable>;
export type Thread = Selectable<ThreadsTable>;
export type Comment = Selectable<CommentsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
// Generated is re-exported for later tables with database-made columns.
export type { Generated };
