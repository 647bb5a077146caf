// Issue 15: who a reader is inside the embed. A site's single sign-on makes site-scoped accounts:
// users.sso_site + sso_subject name the site and its own id for the person (unique together), the
// address and avatar the site gave are kept beside them (never in users.email, so such an account
// never collides with, or signs in as, a Gazette account of the same address). Each SSO token
// signs in once: sso_token_uses remembers a used token until it would have expired anyway.
// embed_handoffs carries a sign-in from the first-party popup to the frame: a single-use code,
// stored hashed, good for 60 seconds.
import type { Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const timestamp = engine === 'postgres' ? 'timestamptz' : 'text';

  for (const column of ['sso_site', 'sso_subject', 'sso_email', 'sso_avatar_url']) {
    await db.schema.alterTable('users').addColumn(column, 'text').execute();
  }
  // NULLs never clash in a unique index (both engines), so Gazette's own accounts are untouched.
  await db.schema.createIndex('users_by_sso').unique().on('users').columns(['sso_site', 'sso_subject']).execute();

  await db.schema
    .createTable('sso_token_uses')
    // SHA-256 of the site and the token's jti (or of the whole token when it has none).
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('site', 'text', (c) => c.notNull())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_token_uses_by_expiry').on('sso_token_uses').column('expires_at').execute();

  await db.schema
    .createTable('embed_handoffs')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('site', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .addColumn('expires_at', timestamp, (c) => c.notNull())
    .addColumn('used_at', timestamp)
    .execute();
  await db.schema.createIndex('embed_handoffs_by_expiry').on('embed_handoffs').column('expires_at').execute();
}
