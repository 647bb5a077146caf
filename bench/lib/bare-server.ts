// The yardstick: a bare node:http server that answers every request with the bytes it was
// given on standard input's file, as fast as Node can.
import http from 'node:http';
import fs from 'node:fs';

const [file, port, contentType] = process.argv.slice(2);
const body = fs.readFileSync(file!);
http
  .createServer((_request, response) => {
    response.writeHead(200, { 'content-type': contentType ?? 'text/html; charset=utf-8', 'content-length': body.length });
    response.end(body);
  })
  .listen(Number(port), '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
