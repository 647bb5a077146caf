// The demo articles' front matter: `key: value` lines between two `---` lines. Deliberately
// tiny — it only has to read our own files.
export interface Document {
  fields: Record<string, string>;
  body: string;
}

export function parseFrontMatter(source: string, name: string): Document {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`${name}: missing front matter`);
  const fields: Record<string, string> = {};
  for (const line of match[1]!.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`${name}: front matter line "${line}" is not "key: value"`);
    fields[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return { fields, body: match[2]!.trim() };
}
