// The Python sandbox frame's page and its Content-Security-Policy (Node: build plugin, server, tests). The page is
// one inline script whose SHA-256 is the only script the policy allows besides blob: modules (Pyodide's own code,
// handed over by the app) and wasm compilation; it allows no connection, image, font, style or frame of any kind.
import { createHash } from 'node:crypto';

/** Where the frame's page is served (and built to, under dist/). */
export const FRAME_PATH = 'sandbox/frame.html';

/** The policy's directives for a page whose one script has this SHA-256 (base64). */
export function frameCspDirectives(scriptSha256: string): string[] {
  return [
    "default-src 'none'",
    `script-src 'sha256-${scriptSha256}' blob: data: 'wasm-unsafe-eval'`,
    'worker-src blob: data:',
    "connect-src 'none'",
    "img-src 'none'",
    "font-src 'none'",
    "media-src 'none'",
    "style-src 'none'",
    "frame-src 'none'",
    "object-src 'none'",
    "manifest-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ];
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('base64');

/** The frame's page around its bundled script, with the policy in a meta tag too (for static hosts). */
export function framePage(script: string): string {
  // The script sits inside <script>…</script>: no closing tag may appear in it (inside JS strings `<\/` is the same).
  const safe = script.replaceAll('</script', '<\\/script');
  const csp = frameCspDirectives(sha256(safe)).join('; ');
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>TierLab Python sandbox</title></head><body><script>${safe}</script></body></html>\n`;
}

/** The header a server sends with the frame's page: the same policy plus `sandbox allow-scripts`, so the page is an
 *  opaque origin even when opened on its own. */
export function frameCspHeader(page: string): string {
  const script = /<script>([\s\S]*)<\/script>/.exec(page)?.[1];
  if (script === undefined) throw new Error(`${FRAME_PATH} has no inline script`);
  return [...frameCspDirectives(sha256(script)), 'sandbox allow-scripts'].join('; ');
}
