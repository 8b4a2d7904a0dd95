import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';
import { RateLimitedError } from '../errors.js';

// OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. Algorithm 2 is argon2id.
const options = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/**
 * Argon2 runs on a bounded pool sized to the machine: at most one hash per core but one, so that a flood of
 * sign-ins leaves a core to the pages; beyond `MAX_WAITING` queued hashes a sign-in is refused as rate limited
 * (typed, with a retry delay) instead of piling up memory (19 MiB per hash) and latency.
 */
const CONCURRENCY = Math.max(1, availableParallelism() - 1);
const MAX_WAITING = 64 * CONCURRENCY;
const pool = pLimit(CONCURRENCY);
/** Hashes really running (counted inside the pool's slot, around the argon2 call), and the most seen at once. */
let running = 0;
let peak = 0;

function onPool<T>(work: () => Promise<T>): Promise<T> {
  if (pool.pendingCount >= MAX_WAITING) return Promise.reject(new RateLimitedError(1));
  return pool(async () => {
    running += 1;
    peak = Math.max(peak, running);
    try {
      return await work();
    } finally {
      running -= 1;
    }
  });
}

/** How many hashes run and wait now, and the most that ran at once since `resetPeak` (metrics, tests). */
export function passwordPoolState(): {
  active: number;
  waiting: number;
  concurrency: number;
  peak: number;
} {
  return { active: running, waiting: pool.pendingCount, concurrency: CONCURRENCY, peak };
}

export function resetPasswordPoolPeak(): void {
  peak = running;
}

export function hashPassword(password: string): Promise<string> {
  return onPool(() => hash(password, options));
}

let dummyHash: Promise<string> | undefined;

/** Verifies a password; with no stored hash it still spends the same time, so timing does not reveal accounts. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (!storedHash) {
    dummyHash ??= hashPassword('tessera-dummy-password').catch((error: unknown) => {
      dummyHash = undefined; // refused while the pool was full: hash it again next time
      throw error;
    });
    const known = await dummyHash;
    await onPool(() => verify(known, password).catch(() => false));
    return false;
  }
  return onPool(() => verify(storedHash, password).catch(() => false));
}
