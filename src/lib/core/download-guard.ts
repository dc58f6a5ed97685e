// Asks before a large model download on a metered, data-saving or slow connection (main thread).
import { connectionLooksMetered, type NetworkInformationLike } from '../../shared/network.ts';

/** Downloads above this many bytes need confirmation on such connections. */
export const LARGE_DOWNLOAD_BYTES = 50e6;

/** Returns false when the person declines a large download on a metered connection; true otherwise. */
export function confirmDownload(bytes: number | null): boolean {
  if (bytes === null || bytes < LARGE_DOWNLOAD_BYTES) return true;
  const connection = (navigator as Navigator & { connection?: NetworkInformationLike }).connection;
  if (!connectionLooksMetered(connection)) return true;
  return window.confirm(
    `This model is a ${(bytes / 1e6).toFixed(0)} MB download and your connection looks metered or slow. Download it?`,
  );
}
