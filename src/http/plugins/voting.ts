// Who may vote, decided at the edge before the domain counts anything: the address's budget
// first (cookie or not, so minting cookies costs budget too), then the voter. A browser that
// arrives without a guest cookie gets one now, but its vote is not counted: it is asked to send
// the vote again (VOTE_NEEDS_COOKIE). So a client that drops cookies — a script sending votes
// in a loop — never has a vote counted, while a browser only sees one extra round trip (the
// widget repeats the request by itself; the no-JS form shows the page again with a note).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import type { DomainContext } from '../../domain/context.ts';
import { voterId, type Commenter } from '../../domain/comments/commenter.ts';
import type { RateLimiter } from '../../limits/limiter.ts';
import { RATE_RULES } from '../../limits/rules.ts';
import { guestKeyOf, resolveCommenter } from './commenter.ts';
import { enforceRateLimit } from './rate-limit.ts';

export async function admitVoter(
  ctx: DomainContext,
  limiter: RateLimiter,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Commenter> {
  await enforceRateLimit(limiter, RATE_RULES.votePerIp, request.ip, reply);
  const hadGuestCookie = guestKeyOf(request) !== null;
  const commenter = (await resolveCommenter(ctx, request, reply, { createGuest: true }))!;
  if (commenter.kind === 'guest' && !hadGuestCookie) {
    throw new AppError(
      'VOTE_NEEDS_COOKIE',
      'your browser had no guest cookie, so this vote was not counted; one is set now: send the same vote again',
      'cookie',
    );
  }
  await enforceRateLimit(limiter, RATE_RULES.votePerVoter, voterId(commenter), reply);
  return commenter;
}
