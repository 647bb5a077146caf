// C0 control characters (U+0000–U+001F) other than tab, line feed and carriage return. They
// have no place in anything a person writes; PostgreSQL refuses NUL in text outright (a 500
// before this rule), while SQLite stores it and the backup then cannot move to PostgreSQL.
// Lone surrogates (half of a UTF-16 pair, "\ud800" in JSON) follow the same rule: they are not
// Unicode text at all, and the engines disagreed (SQLite stored invalid UTF-8, PostgreSQL U+FFFD).
// Input from people (HTTP, CLI) is refused, naming the field, so nothing changes silently;
// input from files we convert (imports, restores) is cleaned and the cleaning is counted.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');

const isSurrogate = (char: string) => char.length === 1 && char.charCodeAt(0) >= 0xd800 && char.charCodeAt(0) <= 0xdfff;

/** "U+0000": how a message names the character (it cannot be shown). */
export const codePointName = (char: string) => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** The first forbidden control character (or lone surrogate) in the text, or null. */
export function findControlChar(text: string): string | null {
  return CONTROL.exec(text)?.[0] ?? null;
}

/** The text without forbidden control characters, and how many were removed. */
export function stripControlChars(text: string): { text: string; removed: number } {
  if (!CONTROL.test(text)) return { text, removed: 0 };
  let removed = 0;
  const cleaned = text.replace(CONTROLS, () => {
    removed++;
    return '';
  });
  return { text: cleaned, removed };
}

export interface ControlCharHit {
  /** Dotted path below the starting point (`body.author.name`, `tags.2`); keys count too. */
  path: string;
  char: string;
}

/** Walks strings, arrays and plain objects (keys included) for the first forbidden control character. */
export function findControlCharIn(value: unknown, path: string, depth = 0): ControlCharHit | null {
  if (typeof value === 'string') {
    const char = findControlChar(value);
    return char ? { path, char } : null;
  }
  // Parsed JSON is never deeper than this in Gazette's API; deeper input is left to the schemas.
  if (value === null || typeof value !== 'object' || depth > 32 || Buffer.isBuffer(value)) return null;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, item] of entries) {
    const keyChar = findControlChar(key);
    const at = path ? `${path}.${keyChar ? JSON.stringify(key).slice(1, -1) : key}` : key;
    if (keyChar) return { path: at, char: keyChar };
    const hit = findControlCharIn(item, at, depth + 1);
    if (hit) return hit;
  }
  return null;
}

/** The refusal message: `body.body contains a control character (U+0000)`. */
export const controlCharMessage = (hit: ControlCharHit) =>
  isSurrogate(hit.char)
    ? `${hit.path} contains an unpaired surrogate (${codePointName(hit.char)}), which is not valid Unicode text`
    : `${hit.path} contains a control character (${codePointName(hit.char)})`;

// Everything outside XML 1.0's Char production: the C0 controls above, lone surrogates, U+FFFE
// and U+FFFF. One stray character would make a whole feed or export unreadable.
const NOT_XML_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text with every character XML 1.0 forbids removed: for feeds and XML exports. */
export const xmlSafeText = (text: string) => text.replace(NOT_XML_CHARS, '');
