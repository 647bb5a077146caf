// The rows the domain hands to the layers above it. HTTP code names these types from here, never
// from storage/: the lint rule that keeps src/http away from src/storage holds for types too.
export type { Category, Comment, Media, OutboxMessage, Post, Role, Tag, Thread, User, UserSanction } from '../storage/schema.ts';
export type { ArticleErrorReport, CorrectionKind, ErrorReportStatus, PostCorrection } from '../storage/schema.ts';
export type { PostRevision, RevisionKind } from '../storage/schema.ts';
export type { GuestPolicy, Site, SiteInput } from './sites/types.ts';
