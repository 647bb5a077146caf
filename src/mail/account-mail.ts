// The mail that account flows send. Each says why it came and what happens if ignored.
import { composeMail, type MailSite } from './compose.ts';
import { LINK_LIFETIME_MINUTES } from '../domain/users/email-links.ts';
import type { MailMessage } from './outbox.ts';
import { safeReturnPath } from '../render/return-path.ts';

const hours = (minutes: number) => (minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`);

export function verificationMail(site: MailSite, to: string, name: string, token: string): MailMessage {
  return composeMail(site, {
    to,
    subject: `Confirm your email for ${site.title}`,
    greeting: `Hello ${name},`,
    paragraphs: [
      `Someone (hopefully you) created an account at ${site.title} with this address.`,
      `Confirm it within ${hours(LINK_LIFETIME_MINUTES.verify)} to start commenting. Comments you left earlier as a guest with this address will be added to your account.`,
      'If it was not you, ignore this mail: nothing happens without the link.',
    ],
    action: { label: 'Confirm my email', url: `${site.baseUrl}/verify?token=${token}` },
  });
}

/** Sent instead of a second account, so sign-up never tells a stranger whether an address is registered. */
export function alreadyRegisteredMail(site: MailSite, to: string): MailMessage {
  return composeMail(site, {
    to,
    subject: `You already have an account at ${site.title}`,
    paragraphs: [
      `Someone tried to sign up at ${site.title} with this address, which already has an account.`,
      'If it was you, sign in instead, or reset your password if you have forgotten it. If not, ignore this mail.',
    ],
    action: { label: 'Reset my password', url: `${site.baseUrl}/reset` },
  });
}

export function passwordResetMail(site: MailSite, to: string, token: string): MailMessage {
  return composeMail(site, {
    to,
    subject: `Reset your password for ${site.title}`,
    paragraphs: [
      `Use the link below within ${hours(LINK_LIFETIME_MINUTES.reset)} to choose a new password. It works once.`,
      'If you did not ask for this, ignore this mail; your password stays as it is.',
    ],
    action: { label: 'Choose a new password', url: `${site.baseUrl}/reset/confirm?token=${token}` },
  });
}

/** `next`: the page the reader asked to sign in from, carried through the link (a path on this site only). */
export function signInLinkMail(site: MailSite, to: string, token: string, next: string | null = null): MailMessage {
  const back = safeReturnPath(next);
  const returning = back && back !== '/' ? `&next=${encodeURIComponent(back)}` : '';
  return composeMail(site, {
    to,
    subject: `Your sign-in link for ${site.title}`,
    paragraphs: [
      `This link signs you in to ${site.title}. It works once, within ${hours(LINK_LIFETIME_MINUTES.login)}.`,
      'If you did not ask for it, ignore this mail.',
    ],
    action: { label: 'Sign me in', url: `${site.baseUrl}/signin/link?token=${token}${returning}` },
  });
}

/** Sent when a reset or sign-in link is asked for an address without an account: the request costs the same either way. */
export function noAccountMail(site: MailSite, to: string, asked: 'reset' | 'login'): MailMessage {
  const what = asked === 'reset' ? 'a link to reset a password' : 'a sign-in link';
  return composeMail(site, {
    to,
    subject: `No account at ${site.title} for this address`,
    paragraphs: [
      `Someone (hopefully you) asked for ${what} at ${site.title} with this address, but no account uses it.`,
      'If you have an account under another address, ask again with that one. If it was not you, ignore this mail.',
    ],
    action: { label: 'Create an account', url: `${site.baseUrl}/signup` },
    footer: [`You received this because this address was entered at ${site.title} (${site.baseUrl}).`],
  });
}
