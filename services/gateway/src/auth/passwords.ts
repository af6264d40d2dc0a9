import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { ProblemError } from '../http/problem.ts';

/** OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane. */
// 2 = Algorithm.Argon2id (a const enum, not importable under verbatimModuleSyntax).
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 1024;

/**
 * The most common leaked passwords that are 12+ characters long (from public breach top lists),
 * lower-cased. Shorter ones are already refused by the length rule.
 */
const COMMON = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456789123', '1q2w3e4r5t6y', '1qaz2wsx3edc',
  'qwertyuiop12', 'qwertyuiop123', 'qwertyuiopasdfghjkl', 'qwerty123456', 'qwertyqwerty', 'asdfghjkl123',
  'password1234', 'password12345', 'password123456', 'passwordpassword', 'password123!', 'password@123',
  'iloveyou1234', 'abcdefghijkl', 'abcdefghijklmnop', 'abcd1234abcd', 'abc123abc123', 'zaq12wsxcde3',
  'letmeinplease', 'welcome12345', 'welcome123456', 'administrator', 'administrator1', 'changemenow1',
  'changeme1234', 'trustno1trustno1', 'football1234', 'baseball1234', 'superman1234', 'princess1234',
  'sunshine1234', 'starwars1234', 'monkey123456', 'dragon123456', 'master123456', 'michael12345',
  'shadow123456', 'whatever1234', 'qazwsxedcrfv', '1qazxsw23edc', 'q1w2e3r4t5y6', 'a1b2c3d4e5f6',
  'aa123456789a', 'passw0rd1234', 'p@ssw0rd1234', 'p@ssword1234', 'correcthorsebatterystaple',
  'thequickbrownfox', 'iloveyouforever', 'letmein12345', 'internet1234', 'computer1234', 'samsung12345',
  'blink1821821', 'mynoob123456', 'secret123456', 'myspace12345', 'liverpool1234', 'chelsea12345',
  'intentradar1', 'intentradar123',
]);

/** Why a password is refused, or undefined when it is acceptable. */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `password must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `password must be at most ${PASSWORD_MAX} characters`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'password is too common';
  // Simple patterns: one repeated character, one repeated short chunk, or an ascending run.
  if (/^(.)\1+$/.test(lower) || /^(.{1,4})\1+$/.test(lower)) return 'password is a repeated pattern';
  if (isSequence(lower)) return 'password is a sequence';
  const local = email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local) && lower.length - local.length < 6) return 'password is too close to the email';
  return undefined;
}

function isSequence(s: string): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - s.charCodeAt(i - 1);
    if (d !== 1) up = false;
    if (d !== -1) down = false;
  }
  return up || down;
}

/** Throws a 422 problem when the password is refused. */
export function assertPasswordAcceptable(password: string, email?: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new ProblemError(422, 'weak_password', problem);
}

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A real hash of a random string: verifying against it for unknown emails keeps timing equal. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (): Promise<string> => (dummyHash ??= hashPassword(`no-such-user-${Math.random()}`));
