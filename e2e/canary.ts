// A listener on another port that records whatever reaches it (Node): the sandbox's escape target in the Chromium
// containment test and in the cross-engine suite. Nothing from the sandbox may reach it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';

export interface Canary {
  /** Its address, e.g. http://127.0.0.1:41234/ (the app's `canary=` parameter). */
  url: string;
  port: number;
  /** "METHOD /path" for every request and "UPGRADE /path" for every upgrade that arrived. */
  hits: string[];
  close: () => Promise<void>;
}

export async function startCanary(): Promise<Canary> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    // Answers as generously as a careless server would, so only the sandbox's own walls keep a program out.
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' });
    res.end('reached');
  });
  server.on('upgrade', (req, socket) => {
    hits.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The requests `page` tries to send to `canary`, as they start (before anything could block them). */
export function attemptsOn(page: Page, canary: Canary): string[] {
  const attempted: string[] = [];
  page.on('request', (r) => r.url().includes(`:${canary.port}/`) && attempted.push(r.url()));
  return attempted;
}
