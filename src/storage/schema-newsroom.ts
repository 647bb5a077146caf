// Table types of the newsroom's work on articles: revisions and slug history (migration 0008),
// the home page's chosen stories, correction notes and readers' error reports (migration 0009).
// Split from schema.ts, which composes them into its Database.
import type { Selectable } from 'kysely';

/** The editors' home page: position 0 is the lead story, 1–6 the featured ones (migration 0009). */
export interface HomeFeaturesTable {
  position: number;
  post_id: string;
}

export type CorrectionKind = 'correction' | 'update';

export interface PostCorrectionsTable {
  id: string;
  post_id: string;
  kind: CorrectionKind;
  text: string;
  author_id: string | null;
  created_at: string;
}

export type ErrorReportStatus = 'open' | 'answered' | 'dismissed' | 'corrected';

export interface ArticleErrorReportsTable {
  id: string;
  post_id: string;
  text: string;
  email: string | null;
  ip_hash: string | null;
  status: ErrorReportStatus;
  note: string;
  correction_id: string | null;
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

export type RevisionKind = 'save' | 'autosave' | 'restore';

/** The text of a post at one version (migration 0008). */
export interface PostRevisionsTable {
  id: string;
  post_id: string;
  /** The post's version this text became; for a pending autosave (live 0), the version it was written over. */
  version: number;
  title: string;
  excerpt: string;
  body_markdown: string;
  /** Who made the change. */
  author_id: string | null;
  kind: RevisionKind;
  /** 0: an autosave of a published post, kept beside the live article (which it did not change). */
  live: number;
  created_at: string;
}

/** A slug a published article answered at before it was renamed: `/articles/OLD` → 301. */
export interface PostSlugHistoryTable {
  old_slug: string;
  post_id: string;
  created_at: string;
}

export interface NewsroomTables {
  post_revisions: PostRevisionsTable;
  post_slug_history: PostSlugHistoryTable;
  home_features: HomeFeaturesTable;
  post_corrections: PostCorrectionsTable;
  article_error_reports: ArticleErrorReportsTable;
}

export type PostCorrection = Selectable<PostCorrectionsTable>;
export type ArticleErrorReport = Selectable<ArticleErrorReportsTable>;
export type PostRevision = Selectable<PostRevisionsTable>;
