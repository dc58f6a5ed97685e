// One port for both protocols (Node, server): with TLS, a connection whose first byte opens a TLS handshake goes to
// the HTTPS server, anything else to a plain-http server that redirects to https on the same port. Without TLS, plain
// http serves the app.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { getRequestListener } from '@hono/node-server';

type Fetch = (request: Request) => Response | Promise<Response>;

/** Where plain http is sent: the same host and path over https. */
export function httpsLocation(hostHeader: string | undefined, url: string | undefined, port: number): string {
  const host = (hostHeader ?? `localhost:${port}`).replace(/[^\w.:[\]-]/g, '');
  return `https://${host}${url && url.startsWith('/') ? url : '/'}`;
}

const TLS_HANDSHAKE = 0x16;

export function listen(
  fetch: Fetch,
  options: { port: number; host: string; tls: { cert: string; key: string } | null },
  onListening: () => void,
): Server {
  const listener = getRequestListener(fetch);
  if (!options.tls) {
    const server = createHttpServer(listener);
    server.listen(options.port, options.host, onListening);
    return server as unknown as Server;
  }
  const https = createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener);
  const redirect = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(301, { Location: httpsLocation(req.headers.host, req.url, options.port), 'Cache-Control': 'no-store' });
    res.end('TierLab serves https on this port\n');
  });
  const sniffer = createNetServer((socket: Socket) => {
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE ? https : redirect).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.on('error', () => socket.destroy());
  });
  sniffer.listen(options.port, options.host, onListening);
  sniffer.on('close', () => {
    https.close();
    redirect.close();
  });
  return sniffer;
}
