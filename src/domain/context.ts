import type { Clock } from '../clock.ts';
import type { Db } from '../storage/db.ts';
import type { EventBus } from '../events/bus.ts';
import type { MediaFiles } from './media/files.ts';
import type { DiscussionSettings } from './comments/settings.ts';
import type { ScreeningOptions } from './moderation/pipeline.ts';
import type { DomainObserver } from './observer.ts';

/** What domain functions need from the outside world, passed explicitly as their first argument. */
export interface DomainContext {
  db: Db;
  clock: Clock;
  events: EventBus;
  mediaFiles: MediaFiles;
  /** Signs links the site hands out (src/domain/site-secret.ts); set by buildApp and openRuntime. */
  secret?: string;
  /** Site-wide discussion settings; DEFAULT_DISCUSSION when absent. */
  discussion?: DiscussionSettings;
  /** The moderation pipeline's outside helpers (Akismet) and switches; absent: no Akismet, velocity on. */
  screening?: ScreeningOptions;
  /** Told of screening verdicts and posted comments (for /metrics); absent: nobody is told. */
  observe?: DomainObserver;
}
