import { describe, expect, it } from 'vitest';
import { chooseJoin } from './join-choice.ts';

const lan = { joinUrls: ['http://192.168.1.20:8080/#/join/ABC234'], source: 'lan' as const };

describe('chooseJoin', () => {
  it('on localhost, puts the reachable address in the QR code, warns, and offers the switch with the secret', () => {
    const c = chooseJoin('http://localhost:8080', 'ABC234', lan, 'sekret_123');
    expect(c.url).toBe('http://192.168.1.20:8080/#/join/ABC234');
    expect(c.warning).toContain('localhost, which phones cannot reach');
    expect(c.switchTo).toBe('http://192.168.1.20:8080/#/present/ABC234/key/sekret_123');
  });

  it('keeps the address the presenter already uses when phones can reach it, and PUBLIC_URL always wins', () => {
    expect(chooseJoin('http://192.168.1.20:8080', 'ABC234', lan, null)).toEqual({
      url: 'http://192.168.1.20:8080/#/join/ABC234',
      warning: null,
      switchTo: null,
    });
    const pub = { joinUrls: ['https://demo.example.org/#/join/ABC234'], source: 'public-url' as const };
    expect(chooseJoin('http://192.168.1.20:8080', 'ABC234', pub, null)).toEqual({
      url: 'https://demo.example.org/#/join/ABC234',
      warning: null,
      switchTo: null,
    });
    // On localhost the presenter is told, and can move to PUBLIC_URL; once there, nothing more is said.
    expect(chooseJoin('http://localhost:8080', 'ABC234', pub, null).switchTo).toBe('https://demo.example.org/#/present/ABC234');
    const local = { joinUrls: ['http://127.0.0.1:8080/#/join/ABC234'], source: 'public-url' as const };
    expect(chooseJoin('http://127.0.0.1:8080', 'ABC234', local, null).warning).toBeNull();
  });

  it('says what to do when the server knows no reachable address', () => {
    const c = chooseJoin('http://127.0.0.1:8080', 'ABC234', { joinUrls: [], source: 'none' }, null);
    expect(c.url).toBe('http://127.0.0.1:8080/#/join/ABC234');
    expect(c.warning).toMatch(/HOST=0\.0\.0\.0.*PUBLIC_URL/);
    expect(c.switchTo).toBeNull();
  });
});
