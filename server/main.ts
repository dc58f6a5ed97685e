// `npm start` entry (Node): serves the built app and the model mirror on PORT, and prints local and LAN URLs. With
// `--https` (or HTTPS=1, or TLS_CERT/TLS_KEY) it serves https on PORT, redirecting plain http there.
import { networkInterfaces } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { reachableOrigins } from './addresses.ts';
import { listen } from './listen.ts';
import { httpsWanted, machineNames, tlsMaterial } from './tls.ts';
import { createApp } from './app.ts';
import { openResultsService } from './results-service.ts';
import { BackgroundCompression } from './compression/background.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '0.0.0.0';
// `npm start -- --https` reaches here as an argument; the results service reads HTTPS for its join addresses.
const https = httpsWanted(process.env, process.argv.slice(2));
if (https) process.env.HTTPS = '1';
let tls = null;
if (https) {
  try {
    tls = await tlsMaterial(process.env, path.resolve(root, process.env.TLS_DIR ?? '.data'), machineNames(networkInterfaces()));
  } catch (err) {
    console.error(`no certificate for https: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
}
const scheme = tls ? 'https' : 'http';

let results;
// The first start creates the database, which takes a few seconds here: say so rather than sit silent.
console.log('starting: opening the results store (a first start creates it, a few seconds)');
try {
  results = await openResultsService(root);
} catch (err) {
  console.error(`the results store could not open: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
const distDir = path.resolve(root, process.env.DIST_DIR ?? 'dist');
// Best-quality brotli and gzip copies of the build, made after the server is up; kept by content hash outside dist/ so a
// rebuild that changed nothing reuses them (docs/deploy.md).
const compression = new BackgroundCompression({
  distDir,
  cacheDir: path.resolve(root, process.env.COMPRESS_CACHE_DIR ?? 'node_modules/.cache/tierlab-compress'),
  log: (line) => console.log(line),
});
const app = createApp({ distDir, mirrorDir: path.join(root, 'models', 'mirror'), api: results.api, compression });
const server = listen(app.fetch, { port, host, tls }, () => {
  console.log(`TierLab is running (results in ${results.where}):`);
  console.log(`  local:   ${scheme}://localhost:${port}/`);
  if (tls)
    console.log(
      `  https:   ${tls.source === 'files' ? 'the certificate in TLS_CERT' : `a self-signed certificate (${tls.source}) for ${tls.names.join(', ')}`}; SHA-256 fingerprint ${tls.fingerprint}; plain http on this port redirects here`,
    );
  const reachable = reachableOrigins({
    publicUrl: process.env.PUBLIC_URL,
    host,
    port,
    https: Boolean(tls),
    interfaces: networkInterfaces(),
  });
  for (const origin of reachable.origins)
    console.log(
      `  ${reachable.source === 'public-url' ? 'public: ' : 'network:'} ${origin}/   (room QR codes use this${tls ? '' : '; plain http gives phones no WebGPU or threads: add --https, see docs/deploy.md'})`,
    );
  if (reachable.origins.length === 0)
    console.log('  no address phones can reach: set HOST=0.0.0.0 or PUBLIC_URL for live rooms (see docs/rooms.md)');
  void compression.start();
});
server.on('error', (err: NodeJS.ErrnoException) => {
  console.error(err.code === 'EADDRINUSE' ? `port ${port} is in use: set PORT to another port` : err.message);
  process.exit(1);
});
const shutdown = () => {
  void compression.close();
  server.close(() => void results.close().finally(() => process.exit(0)));
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, shutdown);
