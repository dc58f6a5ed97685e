// What this browser keeps about rooms (main thread): presenter secrets for the rooms it created, and its own random
// device id per room (so the presenter screen can highlight the speaker's own device). Nothing here names a person.
const SECRET = 'tierlab-room-secret:';
const DEVICE = 'tierlab-room-device:';
const PRESENTED = 'tierlab-rooms-presented';

function storage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

export function presenterSecret(code: string): string | null {
  return storage()?.getItem(SECRET + code) ?? null;
}

export function keepPresenterSecret(code: string, secret: string): void {
  const s = storage();
  s?.setItem(SECRET + code, secret);
  const list = presentedRooms().filter((c) => c !== code);
  s?.setItem(PRESENTED, JSON.stringify([code, ...list].slice(0, 20)));
}

/** Rooms this browser created, newest first. */
export function presentedRooms(): string[] {
  try {
    const list: unknown = JSON.parse(storage()?.getItem(PRESENTED) ?? '[]');
    return Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : [];
  } catch {
    return [];
  }
}

/** This browser's device id in `code`, made on first use. */
export function deviceIdFor(code: string): string {
  const s = storage();
  const known = s?.getItem(DEVICE + code);
  if (known) return known;
  const id = `d-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
  s?.setItem(DEVICE + code, id);
  return id;
}

/** The device id this browser has in `code`, if it ever joined (no new one is made). */
export function knownDeviceId(code: string): string | null {
  return storage()?.getItem(DEVICE + code) ?? null;
}
