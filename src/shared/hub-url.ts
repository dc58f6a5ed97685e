// Where a URL model's tokenizer is (pure; any thread): an ONNX file at a Hub-layout address
// (<host>/<org>/<name>/resolve/main/<path>.onnx, as huggingface.co and its mirrors serve files) has the repository's
// tokenizer.json next to it, which transformers.js loads by id from that host.

export interface HubRepo {
  /** The host's base, ending with '/': what transformers.js calls remoteHost. */
  hubUrl: string;
  /** org/name */
  modelId: string;
}

const SEGMENT = /^[A-Za-z0-9][\w.-]{0,95}$/;

/** The Hub repository a model URL points into, or null when the URL does not have the Hub's layout on revision main. */
export function hubRepoOf(modelUrl: string): HubRepo | null {
  let url: URL;
  try {
    url = new URL(modelUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.search || url.hash) return null;
  const parts = url.pathname.split('/');
  const at = parts.lastIndexOf('resolve');
  // …/<org>/<name>/resolve/main/<file or folder/file>.onnx
  if (at < 2 || parts[at + 1] !== 'main' || parts.length < at + 3) return null;
  const file = parts.at(-1) ?? '';
  if (!/\.onnx$/i.test(file)) return null;
  const org = parts[at - 2] ?? '';
  const name = parts[at - 1] ?? '';
  if (!SEGMENT.test(org) || !SEGMENT.test(name) || org.includes('..') || name.includes('..')) return null;
  const base = parts.slice(0, at - 2).join('/');
  return { hubUrl: `${url.origin}${base}/`, modelId: `${org}/${name}` };
}
