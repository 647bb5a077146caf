// A streaming XML reader for import files, on top of sax, that refuses what could hurt us.
//
// Hostile exports attack through the DOCTYPE: entity declarations that expand to gigabytes
// ("billion laughs", quadratic blow-up) and external ids (SYSTEM/PUBLIC) that make a parser
// read local files or fetch URLs. sax expands none of these, but it would buffer a DOCTYPE of
// any size, so the raw text before the root element is inspected here before sax sees it:
// any entity declaration or external id is refused at once, and so is a prolog longer than
// PROLOG_LIMIT. After that only XML's five predefined entities exist (strictEntities).
//
// Records (the elements at `recordDepth`) are built as small trees and handed out one at a
// time; the next chunk is read only when the consumer asks for the next record, so memory
// holds one chunk plus the records of that chunk, whatever the size of the file.
import sax from 'sax';
import { AppError } from '../../errors.ts';
import { stripControlChars } from '../control-chars.ts';

export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
}

export interface XmlReaderOptions {
  /** Expected name of the root element; anything else is refused as the wrong kind of file. */
  root: string;
  /** What the file should be, for error messages ("a Disqus export"). */
  describe: string;
  /** Depth of the elements handed out as records (the root is depth 0). */
  recordDepth: number;
}

const PROLOG_LIMIT = 64 * 1024;
// One record (a WordPress item with all its comments) may be large, but not unbounded.
const RECORD_CHAR_LIMIT = 64 * 1024 * 1024;
const NESTING_LIMIT = 64;

const refuse = (message: string) => new AppError('UNPROCESSABLE', message, 'file');

/**
 * Inspects the text before the root element. Returns true once the root element has begun
 * (nothing more to inspect); throws on a DOCTYPE that declares entities or names an external id.
 */
export function inspectProlog(prolog: string): boolean {
  let i = 0;
  while (i < prolog.length) {
    const c = prolog[i]!;
    if (c !== '<') {
      i++;
      continue;
    }
    if (prolog.startsWith('<?', i)) {
      const end = prolog.indexOf('?>', i + 2);
      if (end === -1) return false;
      i = end + 2;
    } else if (prolog.startsWith('<!--', i)) {
      const end = prolog.indexOf('-->', i + 4);
      if (end === -1) return false;
      i = end + 3;
    } else if (/^<!DOCTYPE/i.test(prolog.slice(i, i + 9))) {
      const end = doctypeEnd(prolog, i);
      checkDoctype(prolog.slice(i, end === -1 ? prolog.length : end));
      if (end === -1) return false;
      i = end;
    } else if (prolog[i + 1] === '!') {
      // Any other declaration before the root is not XML; sax reports it with its position.
      return true;
    } else {
      return true;
    }
  }
  return false;
}

/** Index just past the DOCTYPE's closing `>`, skipping quoted strings and the internal subset; -1 if not closed yet. */
function doctypeEnd(text: string, start: number): number {
  let quote = '';
  let depth = 0;
  for (let i = start + 9; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return i + 1;
  }
  return -1;
}

function checkDoctype(doctype: string): void {
  if (/<!ENTITY/i.test(doctype)) {
    throw refuse(
      'the file declares XML entities in its DOCTYPE; such files are refused because entities can expand without limit or read other files',
    );
  }
  if (/\b(?:SYSTEM|PUBLIC)\b/.test(doctype)) {
    throw refuse(
      'the file names an external DTD or entity (SYSTEM/PUBLIC) in its DOCTYPE; such files are refused because they would make the importer read other files or URLs',
    );
  }
}

export interface XmlReader {
  records(input: NodeJS.ReadableStream): AsyncGenerator<XmlNode>;
  /** Bytes taken from the input so far. */
  readonly bytesRead: number;
  /** Control characters (NUL …) removed from text and attributes so far: see domain/control-chars.ts. */
  readonly controlCharsRemoved: number;
}

export function createXmlReader(options: XmlReaderOptions): XmlReader {
  let bytesRead = 0;
  let controlCharsRemoved = 0;
  // XML 1.0 forbids them, but sax lets raw ones through: an export is converted, not refused
  // for them, and the report says how many were dropped.
  const clean = (text: string) => {
    const { text: cleaned, removed } = stripControlChars(text);
    controlCharsRemoved += removed;
    return cleaned;
  };
  return {
    get bytesRead() {
      return bytesRead;
    },
    get controlCharsRemoved() {
      return controlCharsRemoved;
    },
    async *records(input) {
      // strictEntities (only XML's five) is in sax 1.x but missing from its type definitions.
      const saxOptions: sax.SAXOptions & { strictEntities: boolean } = {
        trim: false,
        normalize: false,
        position: true,
        strictEntities: true,
      };
      const parser = sax.parser(true, saxOptions);
      const ready: XmlNode[] = [];
      const stack: XmlNode[] = [];
      let depth = -1;
      let sawRoot = false;
      let recordChars = 0;
      let failure: Error | undefined;

      const fail = (error: Error) => {
        failure ??= error;
      };
      parser.onerror = (error) => {
        const reason = error.message.split('\n')[0];
        fail(refuse(`malformed XML at line ${parser.line + 1}, column ${parser.column}: ${reason}`));
      };
      parser.onopentag = (tag) => {
        depth++;
        if (depth === 0) {
          sawRoot = true;
          if (tag.name !== options.root)
            fail(refuse(`this is not ${options.describe}: its root element is <${tag.name}>, expected <${options.root}>`));
        }
        if (depth - options.recordDepth > NESTING_LIMIT)
          fail(refuse(`elements nest deeper than ${NESTING_LIMIT} levels at line ${parser.line + 1}`));
        if (depth < options.recordDepth) return;
        const attrs = Object.fromEntries(Object.entries(tag.attributes as Record<string, string>).map(([k, v]) => [k, clean(v)]));
        const node: XmlNode = { name: tag.name, attrs, text: '', children: [] };
        if (depth === options.recordDepth) recordChars = 0;
        else stack[stack.length - 1]!.children.push(node);
        stack.push(node);
      };
      const ontext = (text: string) => {
        const top = stack[stack.length - 1];
        if (!top) return;
        recordChars += text.length;
        if (recordChars > RECORD_CHAR_LIMIT)
          fail(refuse(`one <${stack[0]!.name}> element is larger than ${RECORD_CHAR_LIMIT / 1048576} MB (line ${parser.line + 1})`));
        else top.text += clean(text);
      };
      parser.ontext = ontext;
      parser.oncdata = ontext;
      parser.onclosetag = () => {
        if (depth >= options.recordDepth) {
          const node = stack.pop()!;
          if (depth === options.recordDepth) ready.push(node);
        }
        depth--;
      };

      const decoder = new TextDecoder('utf-8');
      let prolog = '';
      let inProlog = true;
      const feed = (text: string) => {
        if (inProlog) {
          prolog += text.slice(0, PROLOG_LIMIT + 1 - prolog.length);
          inProlog = !inspectProlog(prolog);
          if (inProlog && prolog.length > PROLOG_LIMIT)
            throw refuse(`the file has more than ${PROLOG_LIMIT / 1024} KB before its root element`);
          if (!inProlog) prolog = '';
        }
        parser.write(text);
        if (failure) throw failure;
      };

      for await (const chunk of input) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        bytesRead += bytes.length;
        feed(decoder.decode(bytes, { stream: true }));
        // Handed out one by one; the consumer's writes happen before the next chunk is read.
        while (ready.length > 0) yield ready.shift()!;
      }
      feed(decoder.decode());
      parser.close();
      if (failure) throw failure;
      if (!sawRoot) throw refuse(`the file is empty or not XML; expected ${options.describe}`);
      while (ready.length > 0) yield ready.shift()!;
    },
  };
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** Trimmed text of the named child, '' when absent. */
export function textOf(node: XmlNode, name: string): string {
  return child(node, name)?.text.trim() ?? '';
}
