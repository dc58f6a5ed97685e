// `npm start` entry (Node): serves the built app and the model mirror on PORT, and prints local and LAN URLs.
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { reachableOrigins } from './addresses.ts';
import { createApp } from './app.ts';
import { openResultsService } from './results-service.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';

let results;
try {
  results = await openResultsService(root);
} catch (err) {
  console.error(`the results store could not open: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const app = createApp({ distDir: path.join(root, 'dist'), mirrorDir: path.join(root, 'models', 'mirror'), api: results.api });
const server = serve({ fetch: app.fetch, port, hostname: host }, () => {
  console.log(`TierLab is running (results in ${results.where}):`);
  console.log(`  local:   http://localhost:${port}/`);
  const reachable = reachableOrigins({
    publicUrl: process.env.PUBLIC_URL,
    host,
    port,
    https: false,
    interfaces: networkInterfaces(),
  });
  for (const origin of reachable.origins)
    console.log(
      `  ${reachable.source === 'public-url' ? 'public: ' : 'network:'} ${origin}/   (room QR codes use this; plain http gives phones no WebGPU or threads, see docs/deploy.md)`,
    );
  if (reachable.origins.length === 0)
    console.log('  no address phones can reach: set HOST=0.0.0.0 or PUBLIC_URL for live rooms (see docs/rooms.md)');
});
server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(err.code === 'EADDRINUSE' ? `port ${port} is in use: set PORT to another port` : err.message);
  process.exit(1);
});
const shutdown = () => server.close(() => void results.close().finally(() => process.exit(0)));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, shutdown);
