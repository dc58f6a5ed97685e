// CSV cells (any thread, pure): one quoting rule for every CSV TierLab writes, the app's exports and the server's.

/**
 * Quotes a cell, and defuses text a spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) by
 * prefixing an apostrophe. Numbers are written as they are, so a negative latency stays a number.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r']/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line from its cells. */
export const csvLine = (cells: readonly unknown[]): string => cells.map(csvCell).join(',');
