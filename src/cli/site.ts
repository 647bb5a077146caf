// `gazette site …`: register the sites that embed the discussion (issue 15). The SSO secret is
// printed when a site is added and by `site secret`; it belongs on the site's own server only.
import { Command, Option } from 'commander';
import { THREAD_POLICIES } from '../domain/moderation/settings-schema.ts';
import { listSites, registerSite, removeSite, requireSite, rotateSiteSecret, siteSsoSecret, updateSite } from '../domain/sites/sites.ts';
import type { Site, SiteInput } from '../domain/sites/types.ts';
import { THEME_FONTS } from '../domain/sites/validate.ts';
import { withRuntime } from './with-runtime.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

interface SiteOptions {
  origin?: string[];
  title?: string;
  accountsOnly?: boolean;
  guests?: boolean;
  policy?: string;
  lang?: string;
  accent?: string;
  font?: string;
  radius?: string;
}

function describeSite(site: Site): string {
  const theme = Object.entries(site.theme)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `${site.name}${site.title ? ` (${site.title})` : ''}`,
    `  origins: ${site.origins.join(' ')}`,
    `  comments from: ${site.guestPolicy === 'accounts' ? 'accounts only' : 'guests and accounts'}; new threads: ${site.defaultPolicy ?? 'site-wide default'}`,
    `  language: ${site.lang ?? 'the reader’s'}${theme ? `; theme: ${theme}` : ''}`,
  ].join('\n');
}

/** The options as a site patch; "none" clears the language and theme values, "default" the policy. */
function patchOf(options: SiteOptions): Partial<SiteInput> {
  const clear = (value: string | undefined) => (value === undefined ? undefined : value === 'none' ? null : value);
  const patch: Partial<SiteInput> = {};
  if (options.origin) patch.origins = options.origin;
  if (options.title !== undefined) patch.title = options.title;
  if (options.accountsOnly) patch.guestPolicy = 'accounts';
  if (options.guests) patch.guestPolicy = 'guests';
  if (options.policy !== undefined)
    patch.defaultPolicy = (options.policy === 'default' ? null : options.policy) as SiteInput['defaultPolicy'];
  if (options.lang !== undefined) patch.lang = clear(options.lang);
  const theme = { accent: clear(options.accent), font: clear(options.font), radius: clear(options.radius) };
  const given = Object.fromEntries(Object.entries(theme).filter(([, v]) => v !== undefined));
  if (Object.keys(given).length > 0) patch.theme = given;
  return patch;
}

function siteOptions(command: Command, forUpdate: boolean): Command {
  return command
    .option(
      '--origin <origin>',
      `an origin allowed to embed, like https://blog.example (repeat for more${forUpdate ? '; replaces the list' : ''})`,
      collect,
    )
    .option('--title <title>', 'a name for people')
    .option('--accounts-only', 'only signed-in (or SSO) readers may comment')
    .addOption(
      new Option('--policy <policy>', 'moderation of new threads').choices([...THREAD_POLICIES, ...(forUpdate ? ['default'] : [])]),
    )
    .option('--lang <tag>', 'the language of the embed, like pt-BR (none: the reader’s)')
    .option('--accent <colour>', 'accent colour, #rrggbb')
    .addOption(new Option('--font <font>', 'font').choices([...THEME_FONTS.map((f) => f.key), ...(forUpdate ? ['none'] : [])]))
    .option('--radius <px>', 'corner radius, 0 to 24 pixels');
}

export function siteCommand(): Command {
  const site = new Command('site').description('register the sites that embed the discussion (data-site)');

  siteOptions(site.command('add').description('register a site; prints its single sign-on secret once'), false)
    .requiredOption('--name <name>', 'the data-site key: a-z, 0-9 and -, up to 40')
    .action(async (options: SiteOptions & { name: string }) => {
      await withRuntime(async ({ ctx }) => {
        const made = await registerSite(ctx, { ...patchOf(options), name: options.name, origins: options.origin ?? [] });
        console.log(`registered ${describeSite(made)}`);
        console.log(`SSO secret (shown once; keep it on the site's server): ${await siteSsoSecret(ctx, made.name)}`);
      });
    });

  site
    .command('list')
    .description('the registered sites (without their secrets)')
    .action(async () => {
      await withRuntime(async ({ ctx }) => {
        const sites = await listSites(ctx);
        console.log(sites.length === 0 ? 'no sites registered' : sites.map(describeSite).join('\n'));
      });
    });

  siteOptions(site.command('update').description("change a site's settings").argument('<name>', 'the site'), true)
    .option('--guests', 'guests may comment again')
    .action(async (name: string, options: SiteOptions) => {
      await withRuntime(async ({ ctx }) => {
        console.log(`updated ${describeSite(await updateSite(ctx, name, patchOf(options)))}`);
      });
    });

  site
    .command('remove')
    .description('forget a site (its threads and comments stay)')
    .argument('<name>', 'the site')
    .action(async (name: string) => {
      await withRuntime(async ({ ctx }) => {
        await removeSite(ctx, name);
        console.log(`removed site ${name}`);
      });
    });

  site
    .command('secret')
    .description("print a site's single sign-on secret, or replace it with --rotate")
    .argument('<name>', 'the site')
    .option('--rotate', 'make a new secret; tokens signed with the old one are refused from now on')
    .action(async (name: string, options: { rotate?: boolean }) => {
      await withRuntime(async ({ ctx }) => {
        await requireSite(ctx, name);
        console.log(options.rotate ? await rotateSiteSecret(ctx, name) : await siteSsoSecret(ctx, name));
      });
    });
  return site;
}
