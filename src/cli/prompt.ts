// Asking for a secret on the terminal without echoing it.
import readline from 'node:readline';
import { Writable } from 'node:stream';
import { invalid } from '../errors.ts';

export async function promptSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) throw invalid('--password-file', 'no terminal to ask for the password on: pass --password-file');
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: true });
  try {
    const answer = new Promise<string>((resolve) => rl.question(question, resolve));
    muted = true;
    return await answer;
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}
