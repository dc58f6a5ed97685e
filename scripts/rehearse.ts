// `npm run rehearse -- --phones 20` (Node): a dress rehearsal of a live demo. Starts the real server with https,
// creates a room, and opens N headless phones (emulated devices, in browsers slowed 1×, 2× and 4× as the CLI's
// --cpu-throttle does) at the join URL the QR code carries (a network name, not localhost). Each phone joins, runs
// and submits. Then it prints what the presenter would have seen and how long it took from the QR code to the last
// result: a figure for the speaker, not a pass/fail bar.
import type { ChildProcess } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { chromium, devices, type Browser } from '@playwright/test';
import { foldRoom, leaderboard, readinessCounts, roomCounts, latestPerDevice } from '../src/bench/rooms/room-state.ts';
import { parseRecordedRoom, type RoomCreated } from '../src/shared/rooms.ts';
import { DEFAULT_PLAN, type RunPlan } from '../src/shared/run-plan.ts';
import { freePort, startServer } from '../server/testing/spawn-server.ts';
import { throttleRenderers, type CpuThrottle } from './bench/cpu-throttle.ts';
import { BASE_ARGS, findChromium, SWIFTSHADER_ARGS } from './browsers/chromium.ts';
import { prepare } from './bench/prepare.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const USAGE = `npm run rehearse -- [--phones N] [--throttles 1,2,4] [--timeout S]
  --phones N        headless phones to join (default 10, at most 60)
  --throttles L     CPU slow-downs of the phone browsers, phones spread over them (default 1,2,4)
  --timeout S       give up after S seconds (default 900)`;
const PHONE_MODELS = ['Pixel 7', 'iPhone 13', 'Galaxy S9+', 'iPhone SE', 'Pixel 5', 'iPad Mini'] as const;
const VENUE = 'tierlab-venue.test';

function options(argv: string[]): { phones: number; throttles: number[]; timeoutS: number } | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      phones: { type: 'string' },
      throttles: { type: 'string' },
      timeout: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return null;
  const phones = Number(values.phones ?? 10);
  const throttles = (values.throttles ?? '1,2,4').split(',').map(Number);
  const timeoutS = Number(values.timeout ?? 900);
  if (!Number.isInteger(phones) || phones < 1 || phones > 60) throw new Error('--phones must be a whole number from 1 to 60');
  if (throttles.some((t) => !(t >= 1 && t <= 20))) throw new Error('--throttles must be numbers from 1 to 20');
  if (!(timeoutS > 0)) throw new Error('--timeout must be positive');
  return { phones, throttles, timeoutS };
}

/** The room's plan: the fixture encoder, quick, as a speaker would set it for a room of phones. */
function roomPlan(): RunPlan {
  return {
    ...DEFAULT_PLAN,
    model: { kind: 'catalog', id: 'tierlab/tiny-code-encoder', dtype: 'fp32' },
    backend: 'wasm',
    batches: [1, 2, 4],
    seq: 32,
    protocol: { ...DEFAULT_PLAN.protocol, targetRelCi: 0.25 },
  };
}

async function main(): Promise<number> {
  let opts;
  try {
    opts = options(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!opts) {
    console.log(USAGE);
    return 0;
  }
  prepare(root, (line) => console.error(line));
  const dir = mkdtempSync(path.join(tmpdir(), 'tierlab-rehearsal-'));
  const port = await freePort();
  const origin = `https://${VENUE}:${port}`;
  const children: ChildProcess[] = [];
  const browsers: Browser[] = [];
  const throttles: CpuThrottle[] = [];
  try {
    console.error(`starting the server with https on port ${port} (phones reach it as ${origin})…`);
    children.push(
      await startServer(port, { DATA_DIR: path.join(dir, 'results'), TLS_DIR: dir, PUBLIC_URL: origin }, root, ['--https']),
    );
    const cert = new X509Certificate(readFileSync(path.join(dir, 'tls', 'cert.pem')));
    const spki = createHash('sha256')
      .update(cert.publicKey.export({ type: 'spki', format: 'der' }))
      .digest('base64');
    // Phones trust the certificate (as after accepting it once) and resolve the venue name to this machine.
    const args = [
      ...BASE_ARGS,
      ...SWIFTSHADER_ARGS,
      `--ignore-certificate-errors-spki-list=${spki}`,
      `--host-resolver-rules=MAP ${VENUE} 127.0.0.1`,
    ];
    const pem = readFileSync(path.join(dir, 'tls', 'cert.pem'), 'utf8');
    // This process trusts its own server's certificate, and nothing else is loosened.
    const api = <T>(p: string, body?: unknown): Promise<T> =>
      new Promise((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            path: p,
            method: body === undefined ? 'GET' : 'POST',
            ca: pem,
            servername: 'localhost',
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (text += d));
            res.on('end', () => {
              if ((res.statusCode ?? 500) >= 400) reject(new Error(`${p} answered ${res.statusCode}: ${text}`));
              else resolve(JSON.parse(text) as T);
            });
          },
        );
        req.on('error', reject);
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });
    const created = await api<RoomCreated>('/api/rooms', { title: 'Dress rehearsal', plan: roomPlan() });
    const joinUrl = created.joinUrls[0];
    if (!joinUrl) throw new Error('the server gave no join URL');
    const qrAt = Date.now();
    console.error(`room ${created.room.code}: the QR code says ${joinUrl}`);

    for (const rate of opts.throttles) {
      const browser = await chromium.launch({ executablePath: findChromium() ?? undefined, args });
      browsers.push(browser);
      if (rate > 1) throttles.push(await throttleRenderers(browser, rate));
    }
    const deadline = qrAt + opts.timeoutS * 1000;
    const finished: { phone: string; seconds: number }[] = [];
    const failed: { phone: string; reason: string }[] = [];
    await Promise.all(
      Array.from({ length: opts.phones }, async (_, i) => {
        const model = PHONE_MODELS[i % PHONE_MODELS.length] as (typeof PHONE_MODELS)[number];
        const rate = opts.throttles[i % opts.throttles.length] as number;
        const label = `phone ${i + 1} (${model}, ${rate}× slower)`;
        const { defaultBrowserType: _ignored, ...descriptor } = devices[model];
        const context = await (browsers[i % browsers.length] as Browser).newContext({ ...descriptor });
        try {
          const page = await context.newPage();
          // Twenty phones opening the page at once on a busy network can take longer than Playwright's 30 s default
          // to load it; a person waits, so the phone waits until the rehearsal's own deadline.
          await page.goto(joinUrl, { timeout: Math.max(1000, deadline - Date.now()) });
          await page.getByTestId('join-run').click({ timeout: Math.max(1000, deadline - Date.now()) });
          const done = page.getByTestId('join-sent').or(page.getByTestId('join-error'));
          await done.waitFor({ timeout: Math.max(1000, deadline - Date.now()) });
          if (await page.getByTestId('join-error').isVisible()) throw new Error(await page.getByTestId('join-error').innerText());
          finished.push({ phone: label, seconds: (Date.now() - qrAt) / 1000 });
          console.error(`${label}: on the screen after ${((Date.now() - qrAt) / 1000).toFixed(1)} s`);
        } catch (err) {
          failed.push({ phone: label, reason: (err as Error).message.split('\n')[0] ?? 'failed' });
          console.error(`${label}: ${(err as Error).message.split('\n')[0]}`);
        } finally {
          await context.close();
        }
      }),
    );

    const recorded = parseRecordedRoom(await api<unknown>(`/api/rooms/${created.room.code}/export`));
    const room = foldRoom(recorded.events);
    const counts = roomCounts(room);
    const ready = readinessCounts(room);
    const largest = Math.max(...roomPlan().batches);
    console.log(`\nDress rehearsal: ${opts.phones} phones on ${opts.throttles.map((t) => `${t}×`).join(', ')} CPUs, over https`);
    console.log(`The presenter would have seen: ${counts.joined} joined, ${counts.finished} finished, ${counts.failed} failed`);
    console.log(
      `  readiness: ${ready.reported} reported, ${ready.webgpu} with WebGPU, ${ready.threads} with threads, ${ready.insecure} on plain http`,
    );
    console.log(`  flagged and left out of the medians: ${latestPerDevice(room).flagged.length}`);
    console.log(`  leaderboard at batch ${largest}:`);
    for (const row of leaderboard(room, largest))
      console.log(
        `    ${row.rank}. ${row.deviceClass}: ${row.medianMs.toFixed(1)} ms, ${row.itemsPerS.toFixed(0)} items/s (${row.devices} devices)`,
      );
    const last = Math.max(0, ...finished.map((f) => f.seconds));
    console.log(
      `From the QR code to the last result: ${last.toFixed(1)} s (${finished.length} of ${opts.phones} phones on the screen)`,
    );
    for (const f of failed) console.log(`  ${f.phone} failed: ${f.reason}`);
    return failed.length ? 1 : 0;
  } finally {
    for (const t of throttles) await t.stop().catch(() => {});
    for (const b of browsers) await b.close().catch(() => {});
    for (const c of children) c.kill('SIGTERM');
  }
}

process.exitCode = await main();
