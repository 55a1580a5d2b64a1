import { hash, verify } from '@node-rs/argon2';

// argon2id with the library's defaults (algorithm 2 = Argon2id).
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: 2 });
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
