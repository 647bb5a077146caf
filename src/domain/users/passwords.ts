// Password rules and hashing. Length beats composition rules (NIST 800-63B): at least 10
// characters, and not one of the passwords attackers try first (Mozilla's common-password list).
import argon2 from 'argon2';
import commonPasswords from 'fxa-common-password-list';
import { invalid } from '../../errors.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

export function checkNewPassword(password: string, context: { email?: string; field?: string } = {}): void {
  const field = context.field ?? 'password';
  if (password.length < MIN_PASSWORD_LENGTH) throw invalid(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw invalid(field, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  if (commonPasswords.test(password.toLowerCase())) throw invalid(field, 'is one of the most common passwords; choose another');
  if (context.email && password.toLowerCase().includes(context.email.split('@')[0]!.toLowerCase()) && password.length < 16) {
    throw invalid(field, 'must not be built from your email address');
  }
}

/**
 * The one place argon2 runs. An object rather than bare calls so a test can count the hashing
 * work of each path (the same work either way is what keeps response times from telling whether
 * an address has an account) without measuring time.
 */
export const passwordHasher = {
  hash: (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id }),
  verify: (hash: string, password: string): Promise<boolean> => argon2.verify(hash, password),
};

export function hashPassword(password: string): Promise<string> {
  return passwordHasher.hash(password);
}

// A real hash of a throwaway password: logging in as an unknown address costs the same time
// as a wrong password, so response times do not tell which addresses have accounts.
let decoy: Promise<string> | null = null;

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (hash === null) {
    decoy ??= hashPassword('decoy password that matches nothing');
    await passwordHasher.verify(await decoy, password);
    return false;
  }
  try {
    return await passwordHasher.verify(hash, password);
  } catch {
    return false;
  }
}
