// Reads a Disqus export (https://help.disqus.com/en/articles/1717164) as a stream of records:
// <category>, then <thread> elements, then <post> elements that name their thread and parent
// by dsq:id. Only what Gazette keeps is read; nothing is written here.
import { createXmlReader, child, textOf, type XmlNode, type XmlReader } from './safe-xml.ts';

export interface DisqusAuthor {
  name: string;
  email: string | null;
  username: string | null;
  anonymous: boolean;
}

export interface DisqusThread {
  type: 'thread';
  id: string;
  link: string;
  title: string;
  createdAt: string;
  closed: boolean;
  deleted: boolean;
}

export interface DisqusPost {
  type: 'post';
  id: string;
  threadId: string;
  parentId: string | null;
  /** HTML as Disqus stores it. */
  message: string;
  createdAt: string;
  deleted: boolean;
  spam: boolean;
  author: DisqusAuthor;
}

export type DisqusRecord = DisqusThread | DisqusPost;

const flag = (node: XmlNode, name: string) => textOf(node, name).toLowerCase() === 'true';
const dsqId = (node: XmlNode | undefined) => node?.attrs['dsq:id']?.trim() || null;

function author(node: XmlNode): DisqusAuthor {
  const element = child(node, 'author');
  if (!element) return { name: '', email: null, username: null, anonymous: true };
  return {
    name: textOf(element, 'name'),
    email: textOf(element, 'email') || null,
    username: textOf(element, 'username') || null,
    anonymous: flag(element, 'isAnonymous'),
  };
}

export function toDisqusRecord(node: XmlNode): DisqusRecord | null {
  if (node.name === 'thread') {
    return {
      type: 'thread',
      // Old exports carry only <id> (the site's own identifier) without dsq:id.
      id: dsqId(node) ?? textOf(node, 'id'),
      link: textOf(node, 'link'),
      title: textOf(node, 'title'),
      createdAt: textOf(node, 'createdAt'),
      closed: flag(node, 'isClosed'),
      deleted: flag(node, 'isDeleted'),
    };
  }
  if (node.name === 'post') {
    return {
      type: 'post',
      id: dsqId(node) ?? textOf(node, 'id'),
      threadId: dsqId(child(node, 'thread')) ?? '',
      parentId: dsqId(child(node, 'parent')),
      message: child(node, 'message')?.text ?? '',
      createdAt: textOf(node, 'createdAt'),
      deleted: flag(node, 'isDeleted'),
      spam: flag(node, 'isSpam'),
      author: author(node),
    };
  }
  // <category> and anything newer Disqus adds: nothing Gazette keeps.
  return null;
}

export interface DisqusReader {
  records(input: NodeJS.ReadableStream): AsyncGenerator<DisqusRecord>;
  readonly bytesRead: number;
  readonly controlCharsRemoved: number;
}

export function createDisqusReader(): DisqusReader {
  const xml: XmlReader = createXmlReader({ root: 'disqus', describe: 'a Disqus export', recordDepth: 1 });
  return {
    get bytesRead() {
      return xml.bytesRead;
    },
    get controlCharsRemoved() {
      return xml.controlCharsRemoved;
    },
    async *records(input) {
      for await (const node of xml.records(input)) {
        const record = toDisqusRecord(node);
        if (record) yield record;
      }
    },
  };
}
