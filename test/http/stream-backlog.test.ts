// Each instance's memory of recent thread events (what a reconnecting reader may have missed):
// per thread, in the order heard, capped in count and age; and each event's frame loaded once.
import { describe, expect, it } from 'vitest';
import { BACKLOG_MS, createStreamBacklog, type ThreadEvent } from '../../src/http/stream-backlog.ts';

const event = (threadId: string, id: string): ThreadEvent => ({ type: 'comment.voted', threadId, postId: null, commentId: 'c', id });

describe('stream backlog', () => {
  it('answers what came after an id, per thread, and null for an id it does not hold', () => {
    const backlog = createStreamBacklog();
    ['a', 'b', 'c'].forEach((id) => backlog.record(event('t1', id)));
    backlog.record(event('t2', 'x'));
    expect(backlog.since('t1', 'a')!.map((e) => e.id)).toEqual(['b', 'c']);
    expect(backlog.since('t1', 'c')).toEqual([]);
    expect(backlog.since('t1', 'x')).toBeNull();
    expect(backlog.since('t3', 'a')).toBeNull();
    expect(backlog.latest('t1')).toBe('c');
    expect(backlog.latest('t3')).toBeNull();
  });

  it('forgets beyond its count and its age', () => {
    let now = 0;
    const backlog = createStreamBacklog({ now: () => now, maxEvents: 3 });
    ['a', 'b', 'c', 'd'].forEach((id) => backlog.record(event('t1', id)));
    expect(backlog.since('t1', 'a')).toBeNull();
    expect(backlog.since('t1', 'b')!.map((e) => e.id)).toEqual(['c', 'd']);
    now = BACKLOG_MS + 1;
    backlog.record(event('t1', 'e'));
    expect(backlog.since('t1', 'd')).toBeNull();
    expect(backlog.latest('t1')).toBe('e');
  });

  it('loads a frame once for every asker, and again after a failed load', async () => {
    const backlog = createStreamBacklog();
    let loads = 0;
    const load = async () => {
      loads++;
      return Buffer.from('frame');
    };
    const frames = await Promise.all([backlog.frame('a', load), backlog.frame('a', load)]);
    expect(frames.map(String)).toEqual(['frame', 'frame']);
    expect(loads).toBe(1);
    expect(await backlog.frame('b', () => Promise.reject(new Error('database away')))).toBeNull();
    expect(String(await backlog.frame('b', load))).toBe('frame');
  });
});
