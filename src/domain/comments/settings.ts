// Discussion defaults. A new site (and the demo) lets guests post and publishes at once; the
// moderation pipeline, when it arrives, decides per comment on top of these.
export interface DiscussionSettings {
  guestsAllowed: boolean;
  /** How long after posting its author may still edit a comment. */
  editWindowSeconds: number;
}

export const DEFAULT_DISCUSSION: DiscussionSettings = { guestsAllowed: true, editWindowSeconds: 15 * 60 };
