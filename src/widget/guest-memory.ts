// A guest types their name and email once: after a comment is posted they are kept in this
// browser (localStorage, never sent anywhere but with a comment) and filled in on every thread,
// with "Forget my details" beside them. Nothing is kept from a post the server refused.
import { html } from '../render/html.ts';
import type { ThreadClient } from './context.ts';
import { toFragment } from './place.ts';

const KEY = 'gazette.guest';

interface GuestDetails {
  name: string;
  email: string;
}

function recall(): GuestDetails | null {
  try {
    const value = JSON.parse(localStorage.getItem(KEY) ?? 'null') as Partial<GuestDetails> | null;
    return typeof value?.name === 'string' && typeof value.email === 'string' ? { name: value.name, email: value.email } : null;
  } catch {
    return null;
  }
}

function keep(details: GuestDetails): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(details));
  } catch {
    // Private mode or a full quota: they are typed again next time, as before.
  }
}

function drop(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // Nothing was kept, then.
  }
}

export function enhanceGuestMemory(t: ThreadClient): void {
  const form = t.section.querySelector<HTMLFormElement>('form#comment-form');
  const name = form?.querySelector<HTMLInputElement>('input#comment-name');
  const email = form?.querySelector<HTMLInputElement>('input#comment-email');
  const fields = form?.querySelector<HTMLElement>('.guest-fields');
  if (!form || !name || !email || !fields) return;

  function showNote(): void {
    if (fields!.querySelector('.guest-memory')) return;
    fields!.append(
      toFragment(
        html`<p class="guest-memory">${t.say('guest.remembered')} <button type="button" class="link-button forget-guest">${t.say('guest.forget')}</button></p>`,
      ),
    );
  }

  const remembered = recall();
  // A no-JS error page re-shows what was typed: that wins over what was remembered.
  if (remembered && !name.value && !email.value) {
    name.value = remembered.name;
    email.value = remembered.email;
    showNote();
  }

  // A post that came back with a new comment of this page's succeeded; only then are the details kept.
  let postedBefore: number | null = null;
  form.addEventListener('submit', () => {
    postedBefore = t.postedHere.size;
  });
  t.onPostSettled.push(() => {
    if (postedBefore === null || t.postedHere.size <= postedBefore) return;
    postedBefore = null;
    const details = { name: name.value.trim(), email: email.value.trim() };
    if (!details.name || !details.email) return;
    keep(details);
    showNote();
  });

  fields.addEventListener('click', (event) => {
    if (!(event.target as Element).closest('.forget-guest')) return;
    drop();
    name.value = '';
    email.value = '';
    fields.querySelector('.guest-memory')?.remove();
    name.focus();
    t.announce(t.say('guest.forgotten'));
  });
}
