// Admins give people their roles. The site must always keep one admin, or nobody could ever
// hand out roles again.
import { AppError, invalid, notFound } from '../../errors.ts';
import * as usersRepo from '../../storage/repos/users.ts';
import type { Role, User } from '../../storage/schema.ts';
import type { DomainContext } from '../context.ts';
import { can, type Actor } from '../policy.ts';
import { ROLES } from './accounts.ts';

export async function listUsersForAdmin(ctx: Pick<DomainContext, 'db'>, actor: Actor, page: number): Promise<User[]> {
  if (!can('users.manage', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only admins may manage users');
  return usersRepo.listUsers(ctx.db, { limit: 50, offset: (page - 1) * 50 });
}

export async function changeRole(ctx: Pick<DomainContext, 'db' | 'clock'>, actor: Actor, userId: string, role: string): Promise<User> {
  if (!can('users.manage', actor)) throw new AppError('ROLE_NOT_ALLOWED', 'only admins may change roles');
  if (!ROLES.includes(role as Role)) throw invalid('role', `must be one of ${ROLES.join(', ')}`);
  const user = await usersRepo.findUserById(ctx.db, userId);
  if (!user || user.deleted_at !== null) throw notFound('user');
  if (user.role === 'admin' && role !== 'admin' && (await usersRepo.countByRole(ctx.db, 'admin')) <= 1) {
    throw new AppError('CONFLICT', 'this is the only admin; make someone else admin first', 'role');
  }
  await usersRepo.updateUser(ctx.db, user.id, { role: role as Role, updated_at: ctx.clock.now().toISOString() });
  return { ...user, role: role as Role };
}
