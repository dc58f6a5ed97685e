// Saving an export as a file (main thread): one helper for every download button (names: export-name.ts).

/** Offers `text` as a file download. */
export function downloadText(text: string, type: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // The click starts the download synchronously; the URL only has to outlive it.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Offers a value as pretty-printed JSON. */
export const downloadJson = (value: unknown, fileName: string): void =>
  downloadText(JSON.stringify(value, null, 2), 'application/json', fileName);
