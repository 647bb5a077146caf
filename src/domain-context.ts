// The DomainContext a running Gazette hands to domain calls, built from its Config in one place
// so the server and the CLI commands see the same settings.
import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import type { Db } from './storage/db.ts';
import type { EventBus } from './events/bus.ts';
import type { DomainContext } from './domain/context.ts';
import type { MediaFiles } from './domain/media/files.ts';
import { siteSecret } from './domain/site-secret.ts';
import { screeningFromConfig } from './domain/moderation/screening-options.ts';

export async function domainContextFor(
  config: Config,
  parts: { db: Db; clock: Clock; events: EventBus; mediaFiles: MediaFiles },
  options: { withSecret?: boolean } = {},
): Promise<DomainContext> {
  return {
    ...parts,
    // The secret lives in the settings table: only readable once the database is migrated.
    secret: options.withSecret === false ? undefined : await siteSecret(parts.db, parts.clock, config.secret),
    discussion: { guestsAllowed: config.guestComments, editWindowSeconds: config.commentEditMinutes * 60 },
    screening: screeningFromConfig(config),
  };
}
