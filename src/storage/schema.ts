// Table types for Kysely. Timestamps are ISO-8601 UTC strings in both engines (TEXT in SQLite,
// timestamptz in PostgreSQL, read back as ISO strings by the pg dialect), so rows look the same
// whichever engine produced them.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { NewsroomTables } from './schema-newsroom.ts';
import type { BookkeepingTables } from './schema-bookkeeping.ts';

export * from './schema-newsroom.ts';
export * from './schema-bookkeeping.ts';

export type Role = 'reader' | 'author' | 'editor' | 'moderator' | 'admin';
/** 'review': an author's draft submitted to the editors (not visible to readers, like a draft). */
export type PostStatus = 'draft' | 'review' | 'scheduled' | 'published';
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
  email_verified_at: string | null;
  /** Set when the person deleted their account; the row stays, anonymised, so kept comments read "Deleted user". */
  deleted_at: string | null;
  email_on_reply: number;
  email_on_mention: number;
  email_on_moderation: number;
  created_at: string;
  updated_at: string;
  /** A site-scoped single sign-on account: the site's name and its id for the person (0015); null for Gazette's own. */
  sso_site: string | null;
  sso_subject: string | null;
  /** What the site said of the person (0015): kept apart from `email`, never used to sign in. */
  sso_email: string | null;
  sso_avatar_url: string | null;
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
  /** 1 at creation, +1 on every saved change; a save names the version it started from (0008). */
  version: Generated<number>;
  /** Who made the latest saved change (null: not recorded, before migration 0008). */
  updated_by: string | null;
  /** The lead image's focal point in percent across and down, 0–100; 50/50 is the middle (0010). */
  lead_focal_x: Generated<number>;
  lead_focal_y: Generated<number>;
  /** Search and link-preview title and description; null: the headline and standfirst (0011). */
  seo_title: string | null;
  seo_description: string | null;
  /** The link-preview image; null: the lead image (0011). */
  social_media_id: string | null;
  /** Absolute http(s) URL where the article first appeared; null: its own address (0011). */
  canonical_url: string | null;
  /** Signed into the post's preview links; replaced to revoke them all (0011). */
  preview_nonce: string | null;
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
  /** null: the site's default; else open | first-comment | all | closed for this thread. */
  policy: string | null;
  /** An embedded page's id as its site gives it (`data-page-id`); unique per site (0014). */
  page_id: string | null;
}

/** A site that embeds Gazette's discussion (0014); threads.site holds its name. */
export interface SitesTable {
  name: string;
  title: string;
  /** JSON array of origins ("https://blog.example"). */
  origins: string;
  sso_secret: string;
  guest_policy: 'guests' | 'accounts';
  default_policy: string | null;
  lang: string | null;
  theme_accent: string | null;
  theme_font: string | null;
  theme_radius: string | null;
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
  /** shadow: from a shadow-banned author, visible to that author alone. */
  status: 'published' | 'pending' | 'spam' | 'rejected' | 'deleted' | 'shadow';
  upvotes: number;
  downvotes: number;
  /**
   * The "best" order's rank of a top-level comment (domain/comments/rank.ts: the Wilson bound of its
   * votes with a quality prior; 0 on replies). Named for the vote-only score it replaced.
   */
  wilson: number;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  /** JSON array of ModerationStep: which pipeline steps fired and why (src/domain/moderation/pipeline.ts). */
  moderation: string;
  spam_score: number | null;
  ip_hash: string | null;
  report_count: number;
  featured_at: string | null;
  pinned_at: string | null;
  reviewed_at: string | null;
  reviewed_by: string | null;
  rejection_reason: string | null;
  /** spam | ham: what the learned filter was last trained on this comment as (null: never). */
  trained_as: 'spam' | 'ham' | null;
  /** SHA-256 of the comment's letters and digits, for the repeated-text check; null when too short. */
  text_hash: string | null;
  /** The comment's SimHash in four 16-bit bands, for the near-duplicate check (0013); null when too short. */
  simhash_0: number | null;
  simhash_1: number | null;
  simhash_2: number | null;
  simhash_3: number | null;
}

export interface CommentVotesTable {
  comment_id: string;
  voter: string;
  value: number;
  created_at: string;
  /** Guest votes: HMAC of the voter's address; one guest vote per (comment, address) counts. Null for accounts. */
  ip_hash: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
  ip: string | null;
}

export type EmailTokenPurpose = 'verify' | 'reset' | 'login';

export interface EmailTokensTable {
  id: string;
  purpose: EmailTokenPurpose;
  user_id: string | null;
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface OidcIdentitiesTable {
  provider: string;
  subject: string;
  user_id: string;
  email: string | null;
  created_at: string;
}

export type NotificationKind = 'reply' | 'mention' | 'moderation';

export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: NotificationKind;
  thread_id: string;
  comment_id: string | null;
  created_at: string;
  read_at: string | null;
  email_state: 'pending' | 'sent' | 'none';
  emailed_at: string | null;
}

export interface OutboxTable {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  html_body: string;
  headers: string;
  created_at: string;
  sent_at: string | null;
  claimed_until: string | null;
  attempts: number;
  last_error: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}

/** What an import brought in: (source system, kind, source id) → local id, so re-imports change nothing. */
export interface ImportSourcesTable {
  source_system: string;
  kind: string;
  source_id: string;
  local_id: string | null;
  /** JSON kept for records with no local row (attachments: URL and metadata). */
  data: string | null;
  imported_at: string;
}

export interface CommentReportsTable {
  id: string;
  comment_id: string;
  reporter: string;
  reason: 'spam' | 'harassment' | 'off-topic' | 'other';
  note: string;
  created_at: string;
  resolved_at: string | null;
  /** Toward a hold, from the reporter's standing when they reported (domain/moderation/standing.ts). */
  weight: Generated<number>;
}

export interface UserSanctionsTable {
  id: string;
  /** user:ID or email:ADDRESS */
  subject: string;
  kind: 'ban' | 'shadow';
  reason: string;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  lifted_at: string | null;
  lifted_by: string | null;
}

export interface ModerationLogTable {
  id: string;
  actor_id: string | null;
  action: string;
  comment_id: string | null;
  thread_id: string | null;
  subject: string | null;
  reason: string;
  details: string;
  created_at: string;
}

export interface SpamTokensTable {
  token: string;
  spam_count: number;
  ham_count: number;
}

/**
 * Every table; the newsroom's own (revisions, corrections, the home page …) are in
 * schema-newsroom.ts, the short-lived bookkeeping no backup carries in schema-bookkeeping.ts.
 */
export interface Database extends NewsroomTables, BookkeepingTables {
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
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  oidc_identities: OidcIdentitiesTable;
  notifications: NotificationsTable;
  outbox: OutboxTable;
  settings: SettingsTable;
  comment_reports: CommentReportsTable;
  user_sanctions: UserSanctionsTable;
  moderation_log: ModerationLogTable;
  spam_tokens: SpamTokensTable;
  import_sources: ImportSourcesTable;
  sites: SitesTable;
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
export type Session = Selectable<SessionsTable>;
export type CommentReport = Selectable<CommentReportsTable>;
export type UserSanction = Selectable<UserSanctionsTable>;
export type ModerationLogEntry = Selectable<ModerationLogTable>;
export type EmailToken = Selectable<EmailTokensTable>;
export type Notification = Selectable<NotificationsTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type SiteRow = Selectable<SitesTable>;
// Generated is re-exported for later tables with database-made columns.
export type { Generated };
