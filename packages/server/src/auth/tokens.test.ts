import { describe, expect, it } from 'vitest';
import { hashToken, newToken } from './tokens.js';

describe('hashToken', () => {
  it('is the hex SHA-256 of the token, so hashes stored by earlier versions still match', () => {
    // `echo -n abc | sha256sum`
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const t = newToken();
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
    expect(hashToken(t)).not.toBe(hashToken(newToken()));
  });
});
