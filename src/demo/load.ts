// Demo content loader (filled in with the demo content work).
import type { DomainContext } from '../domain/context.ts';
import { countUsers } from '../storage/repos/users.ts';

export interface DemoSummary {
  articles: number;
}

export async function loadDemoIfEmpty(ctx: DomainContext): Promise<DemoSummary | null> {
  if ((await countUsers(ctx.db)) > 0) return null;
  return null;
}
