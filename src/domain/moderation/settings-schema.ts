// The shape of the site's moderation settings, written once: the admin API validates and
// documents it with this schema, and the domain's ModerationSettings type is derived from it.
// The schema checks types only; ranges and formats are validateModerationPatch's (settings.ts),
// so its message names the field.
import { Type, type Static } from 'typebox';
import { Literals, Nullable } from '../json-schema.ts';

export const THREAD_POLICIES = ['open', 'first-comment', 'all', 'closed'] as const;
export type ThreadPolicy = (typeof THREAD_POLICIES)[number];

export const MODERATION_SETTING_FIELDS = {
  policy: Literals(THREAD_POLICIES, {
    description:
      "default for every thread: open, first-comment (a new commenter's first comment is reviewed), all (every comment reviewed), closed",
  }),
  autoCloseDays: Nullable(Type.Integer({ description: 'threads close this many days after they opened (null: never)' })),
  slowModeSeconds: Type.Integer({ description: 'one comment per this many seconds per person in a thread (0: off)' }),
  maxLinks: Type.Integer({ description: 'more links than this hold a comment for review' }),
  blockedDomains: Type.Array(Type.String(), { description: 'links to these domains (and their subdomains) mark a comment as spam' }),
  wordList: Type.Array(Type.String(), { description: 'words the site does not want' }),
  wordAction: Type.Union([Type.Literal('mask'), Type.Literal('hold')], { description: 'mask the words (F**k) or hold the comment' }),
  reportThreshold: Type.Integer({
    description:
      'open reports weighing this much together hold a published comment for review (a guest weighs 0, a verified account 1, one with history 2, staff hold at once; staff comments are never held by reports)',
  }),
  guestComments: Nullable(Type.Boolean({ description: 'guests may comment with a name and email; null follows GAZETTE_GUEST_COMMENTS' })),
  holdScore: Type.Number({ description: 'learned spam probability at or above which a comment is held' }),
  spamScore: Type.Number({ description: 'learned spam probability at or above which a comment is marked spam' }),
  nearDuplicates: Type.Integer({
    description:
      'a comment is held when it is at least the Nth near-identical one (numbers, links, addresses and names aside) from different commenters within nearDuplicateHours; 0: off',
  }),
  nearDuplicateHours: Type.Integer({ description: 'how many hours back the near-duplicate check looks' }),
  strangerLinks: Type.Boolean({
    description: 'hold a first comment with a link from a guest or from an account younger than 7 days (links to trustedDomains aside)',
  }),
  trustedDomains: Type.Array(Type.String(), {
    description: "links to these domains (and their subdomains), like links to the site's own, never hold a first comment",
  }),
};

export const ModerationSettingsSchema = Type.Object(MODERATION_SETTING_FIELDS);

export type ModerationSettings = Static<typeof ModerationSettingsSchema>;
