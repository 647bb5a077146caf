// Issue 15: sites that embed Gazette's discussion. A site is keyed by the name its embed snippet
// gives (`data-site`); it lists the origins allowed to frame and create threads, its guest policy,
// its moderation default, its language and theme, and the secret its single sign-on tokens are
// signed with. An embedded page's thread has threads.site = the site's name and, when the page
// gives one, threads.page_id; a page without an id is found by its canonical URL through the
// existing unique (site, url) constraint (0002), which is also the (site, url) index.
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../../config.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const timestamp = engine === 'postgres' ? 'timestamptz' : 'text';
  await db.schema
    .createTable('sites')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull().defaultTo(''))
    // JSON array of origins ("https://blog.example"); a handful per site, read whole.
    .addColumn('origins', 'text', (c) => c.notNull())
    .addColumn('sso_secret', 'text', (c) => c.notNull())
    .addColumn('guest_policy', 'text', (c) => c.notNull().defaultTo('guests'))
    .addColumn('default_policy', 'text')
    .addColumn('lang', 'text')
    .addColumn('theme_accent', 'text')
    .addColumn('theme_font', 'text')
    .addColumn('theme_radius', 'text')
    .addColumn('created_at', timestamp, (c) => c.notNull())
    .execute();

  await db.schema.alterTable('threads').addColumn('page_id', 'text').execute();
  // Two first loads of the same page race to create its thread: this index lets one win.
  await db.schema
    .createIndex('threads_site_page')
    .on('threads')
    .columns(['site', 'page_id'])
    .unique()
    .where(sql.ref('page_id'), 'is not', null)
    .execute();
}
