// A lean HTTP/1.1 client for load that must not cost more than the server it measures: one
// kept-alive socket, one request in flight, the answer read by its Content-Length. fetch() costs
// the client about 0.7 ms of CPU per POST on this machine — as much as Gazette spends storing the
// comment — so a posting benchmark driven by fetch measured its own client as much as the server.
import net from 'node:net';

export interface Answer {
  status: number;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

export class KeepAliveClient {
  readonly #socket: net.Socket;
  readonly #hostHeader: string;
  #buffered: Buffer = Buffer.alloc(0);
  #waiting: { resolve(answer: Answer): void; reject(error: Error): void } | null = null;

  constructor(url: URL) {
    this.#hostHeader = url.host;
    this.#socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    this.#socket.on('data', (chunk: Buffer) => {
      this.#buffered = this.#buffered.length ? Buffer.concat([this.#buffered, chunk]) : chunk;
      this.#answerIfComplete();
    });
    this.#socket.on('error', (error) => this.#fail(error));
    this.#socket.on('close', () => this.#fail(new Error('the server closed the connection')));
  }

  /** Sends one request and resolves with its answer; a second call must wait for the first. */
  request(method: string, path: string, contentType: string, body: string): Promise<Answer> {
    if (this.#waiting) return Promise.reject(new Error('one request at a time on a KeepAliveClient'));
    if (this.#socket.destroyed) return Promise.reject(new Error('the connection is closed'));
    return new Promise<Answer>((resolve, reject) => {
      this.#waiting = { resolve, reject };
      const head =
        `${method} ${path} HTTP/1.1\r\nhost: ${this.#hostHeader}\r\ncontent-type: ${contentType}\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n`;
      this.#socket.write(head + body);
    });
  }

  get closed(): boolean {
    return this.#socket.destroyed;
  }

  close(): void {
    this.#socket.destroy();
  }

  #answerIfComplete(): void {
    const headerEnd = this.#buffered.indexOf(HEADER_END);
    if (headerEnd < 0 || !this.#waiting) return;
    const head = this.#buffered.subarray(0, headerEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) {
      this.#fail(new Error(`an answer without Content-Length (status ${status}); this client reads no other framing`));
      return;
    }
    const bodyStart = headerEnd + HEADER_END.length;
    const bodyEnd = bodyStart + Number(length[1]);
    if (this.#buffered.length < bodyEnd) return;
    const body = this.#buffered.subarray(bodyStart, bodyEnd).toString('utf8');
    this.#buffered = this.#buffered.subarray(bodyEnd);
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting.resolve({ status, body });
  }

  /** Rejects the request waiting, if any, and ends the connection (a no-op once ended). */
  #fail(error: Error): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.reject(error);
    this.#socket.destroy();
  }
}
