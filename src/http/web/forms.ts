// Plain HTML forms for the account pages (sign up, sign in, reset, settings): labelled fields,
// the error tied to the field at fault, values kept after a failed post, the CSRF token hidden.
import { html, trusted, type SafeHtml } from '../../render/html.ts';

export interface FormField {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'textarea' | 'checkbox' | 'hidden';
  autocomplete?: string;
  hint?: string;
  value?: string;
  checked?: boolean;
  required?: boolean;
  maxLength?: number;
}

export interface FormError {
  message: string;
  field?: string;
}

export interface FormSpec {
  id: string;
  action: string;
  heading?: string;
  fields: FormField[];
  submit: string;
  csrfToken: string | null;
  error?: FormError | null;
  /** Shown above the fields, e.g. "Already have an account? Sign in". */
  intro?: SafeHtml | string;
  enctype?: 'multipart/form-data';
}

export const csrfField = (token: string | null) => (token ? html`<input type="hidden" name="csrf" value="${token}">` : '');

function field(form: FormSpec, f: FormField): SafeHtml {
  const id = `${form.id}-${f.name}`;
  if (f.type === 'hidden') return html`<input type="hidden" name="${f.name}" value="${f.value ?? ''}">`;
  const fault = form.error?.field === f.name;
  const described = [f.hint ? `${id}-hint` : '', fault ? `${id}-error` : ''].filter(Boolean).join(' ');
  const aria = trusted(
    `${fault ? ' aria-invalid="true"' : ''}${described ? ` aria-describedby="${described}"` : ''}${f.required === false ? '' : ' required'}`,
  );
  const hint = f.hint ? html`<p id="${id}-hint" class="hint">${f.hint}</p>` : '';
  const error = fault ? html`<p id="${id}-error" class="field-error">${form.error!.message}</p>` : '';
  if (f.type === 'checkbox') {
    return html`<div class="field field-checkbox"><input id="${id}" type="checkbox" name="${f.name}" value="1"${f.checked ? trusted(' checked') : ''}${described ? trusted(` aria-describedby="${described}"`) : ''}> <label for="${id}">${f.label}</label>${hint}</div>`;
  }
  const control =
    f.type === 'textarea'
      ? html`<textarea id="${id}" name="${f.name}" rows="4" maxlength="${f.maxLength ?? 2000}"${aria}>${f.value ?? ''}</textarea>`
      : html`<input id="${id}" type="${f.type ?? 'text'}" name="${f.name}" value="${f.type === 'password' ? '' : (f.value ?? '')}" maxlength="${f.maxLength ?? 320}"${f.autocomplete ? trusted(` autocomplete="${f.autocomplete}"`) : ''}${aria}>`;
  return html`<div class="field"><label for="${id}">${f.label}</label>${hint}${error}${control}</div>`;
}

export function renderForm(form: FormSpec): SafeHtml {
  const faultLabel = form.fields.find((f) => f.name === form.error?.field)?.label;
  return html`<form id="${form.id}" class="account-form" method="post" action="${form.action}"${form.enctype ? trusted(` enctype="${form.enctype}"`) : ''}${form.heading ? trusted(` aria-labelledby="${form.id}-heading"`) : ''}>
  ${form.heading ? html`<h2 id="${form.id}-heading">${form.heading}</h2>` : ''}
  ${form.intro ? html`<p>${form.intro}</p>` : ''}
  ${form.error ? html`<div class="form-error" role="alert"><p>${faultLabel ? html`<a href="#${form.id}-${form.error.field}">${faultLabel}</a>: ` : ''}${form.error.message}</p></div>` : ''}
  ${csrfField(form.csrfToken)}
  ${form.fields.map((f) => field(form, f))}
  <p class="form-submit"><button type="submit">${form.submit}</button></p>
</form>`;
}

/** A short page that says what happened ("check your email") with an optional next step. */
export function notice(title: string, paragraphs: string[], next?: { href: string; label: string }): SafeHtml {
  return html`<section class="account-page notice-page" aria-labelledby="notice-heading">
  <h1 id="notice-heading">${title}</h1>
  ${paragraphs.map((p) => html`<p>${p}</p>`)}
  ${next ? html`<p><a href="${next.href}">${next.label}</a></p>` : ''}
</section>`;
}
