// Who may register and change sites: admins, as for the site's other settings (a site's secret
// signs in its users, and its origins decide where threads are created).
import { AppError } from '../../errors.ts';
import { can, type Actor } from '../policy.ts';

export function requireSiteAdmin(actor: Actor): void {
  if (!can('settings.change', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only admins may register or change sites');
}
