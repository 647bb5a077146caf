// Schemas of the desk's version, revision and autosave API (issue 12); shared with posts.ts for
// baseVersion and the EDIT_CONFLICT answer.
import { Type } from 'typebox';
import { ErrorCodeSchema } from '../presenters.ts';

export const BaseVersion = Type.Integer({ minimum: 1, description: 'The post `version` this change started from' });

const Chunk = Type.Object({ op: Type.Union([Type.Literal('same'), Type.Literal('added'), Type.Literal('removed')]), text: Type.String() });
const WordDiffSchema = Type.Object({
  chunks: Type.Array(Chunk),
  coarse: Type.Boolean({
    description: 'True when the texts differed too much for a word-by-word search: the middle is shown as one removal and one addition',
  }),
});
export const TextDiffSchema = Type.Object({ title: WordDiffSchema, excerpt: WordDiffSchema, body: WordDiffSchema });

const Person = Type.Object({ id: Type.String(), name: Type.String() });

export const EditConflictSchema = Type.Object({
  baseVersion: Type.Integer(),
  currentVersion: Type.Integer({ description: 'Save again with this as baseVersion to keep your text as a new revision' }),
  savedAt: Type.String({ format: 'date-time' }),
  savedBy: Type.Union([Person, Type.Null()]),
  theirs: Type.Object({ title: Type.String(), excerpt: Type.String(), bodyMarkdown: Type.String() }),
  diff: TextDiffSchema,
});

/** An error answer that, for EDIT_CONFLICT, carries the other person's change in `details.conflict`. */
export const ConflictErrorSchema = Type.Object({
  error: Type.Object({
    code: ErrorCodeSchema,
    message: Type.String(),
    field: Type.Optional(Type.String()),
    details: Type.Optional(Type.Object({ conflict: EditConflictSchema })),
  }),
});

export const AutosaveBody = Type.Object(
  {
    // Empty fields are accepted: a half-typed draft is kept (as a revision) rather than lost.
    title: Type.String({ maxLength: 200 }),
    excerpt: Type.String({ maxLength: 1000 }),
    bodyMarkdown: Type.String({ maxLength: 200000 }),
    baseVersion: BaseVersion,
  },
  { additionalProperties: false },
);

export const AutosaveResultSchema = Type.Object({
  version: Type.Integer({ description: 'The post version now: baseVersion for the next save' }),
  savedAt: Type.String({ format: 'date-time' }),
  applied: Type.Boolean({
    description:
      'False: the post is scheduled or published (or the text is incomplete), so the text was kept as a revision and the article did not change',
  }),
});

export const RevisionSummarySchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  kind: Type.Union([Type.Literal('save'), Type.Literal('autosave'), Type.Literal('restore')]),
  live: Type.Boolean({ description: 'False: an autosave kept beside the published article' }),
  title: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  author: Type.Union([Person, Type.Null()]),
  current: Type.Boolean({ description: "This text is the post's text now" }),
});

export const RevisionSchema = Type.Object({
  id: Type.String(),
  version: Type.Integer(),
  kind: RevisionSummarySchema.properties.kind,
  live: Type.Boolean(),
  title: Type.String(),
  excerpt: Type.String(),
  bodyMarkdown: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  authorId: Type.Union([Type.String(), Type.Null()]),
});
