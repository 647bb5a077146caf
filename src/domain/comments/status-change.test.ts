import { describe, expect, it } from 'vitest';
import { commentEventType, publishedCountDelta } from './status-change.ts';
import type { CommentStatus } from './types.ts';

describe('a comment status change', () => {
  it.each<[CommentStatus | null, CommentStatus, number, string]>([
    [null, 'published', 1, 'comment.created'],
    [null, 'pending', 0, 'comment.created'],
    [null, 'shadow', 0, 'comment.created'],
    ['pending', 'published', 1, 'comment.created'],
    ['spam', 'published', 1, 'comment.created'],
    ['published', 'published', 0, 'comment.updated'],
    ['published', 'pending', -1, 'comment.deleted'],
    ['published', 'shadow', -1, 'comment.deleted'],
    ['published', 'deleted', -1, 'comment.deleted'],
    ['pending', 'deleted', 0, 'comment.deleted'],
    ['pending', 'rejected', 0, 'comment.updated'],
    ['pending', 'spam', 0, 'comment.updated'],
  ])('%s → %s moves the count by %i and announces %s', (from, to, delta, type) => {
    expect(publishedCountDelta(from, to)).toBe(delta);
    expect(commentEventType(from, to)).toBe(type);
  });
});
