// The desk's editor without this script schedules in UTC (tzOffset 0, and the hint says so).
// With it, the publication time is shown and read in the writer's own time zone: the server's
// UTC value is turned into local time on load, and on submit the browser's offset for the
// chosen date (daylight saving included) goes along in tzOffset, so the server stores UTC.
const form = document.getElementById('desk-editor-form');
const input = document.getElementById('desk-publishAt');
if (form && input) {
  const pad = (n) => String(n).padStart(2, '0');
  const utc = input.dataset.utc;
  if (utc) {
    const d = new Date(`${utc}:00Z`);
    if (!Number.isNaN(d.getTime()))
      input.value = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  const hint = document.getElementById('desk-publishAt-hint');
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (hint) hint.textContent = `In your time zone${zone ? ` (${zone})` : ''}.`;
  form.addEventListener('submit', () => {
    const local = input.value ? new Date(input.value) : new Date();
    form.elements.namedItem('tzOffset').value = String(-local.getTimezoneOffset());
  });
}
