// The yardstick: a bare node:http server that answers every request with the bytes in the file
// it was given, as fast as Node can. Given a content coding, those bytes are already compressed
// (what Gazette answered) and go out labelled so, without being compressed again.
import http from 'node:http';
import fs from 'node:fs';

const [file, port, contentType, encoding = 'identity'] = process.argv.slice(2);
const body = fs.readFileSync(file!);
const coded = encoding === 'identity' ? {} : { 'content-encoding': encoding, vary: 'Accept-Encoding' };
http
  .createServer((_request, response) => {
    response.writeHead(200, { 'content-type': contentType ?? 'text/html; charset=utf-8', 'content-length': body.length, ...coded });
    response.end(body);
  })
  .listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
