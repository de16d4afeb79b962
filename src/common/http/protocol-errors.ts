import { STATUS_CODES, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from '../errors/api-error';
import { newId } from '../ids/type-id';

/**
 * Node's HTTP parser refuses some requests before any middleware runs (a NUL
 * or bare CR in a header, an oversized header block) and would answer with
 * a bare 400. Those get the envelope too, with a request id of their own.
 */
export function answerProtocolErrorsWithEnvelope(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const requestId = newId('req');
    const body = JSON.stringify(
      new ApiError(status, 'invalid_request', 'request_malformed', 'The request is not valid HTTP.').toEnvelope(requestId),
    );
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nRequest-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
