import type { EntityManager } from '@mikro-orm/postgresql';
import { RateLimitedError } from '../../errors.js';
import { rateLimitLocks, rateLimitRule } from '../../observability/metrics.js';
import { RateLimit } from './person.entity.js';

export interface RateRule {
  /** failures allowed inside the window before a lock */
  maxFailures: number;
  windowSeconds: number;
  /** first lock length; doubles with each further failure, up to maxLockSeconds */
  lockSeconds: number;
  maxLockSeconds: number;
}

/**
 * Sign-in throttling (ARCHITECTURE.md, "Sessions and sign-in throttling"; OWASP ASVS 5.0 6.1.1, 6.3.1).
 * - per (account, client address): the lock. Five failures lock this address out of this account, 30 s then
 *   doubling up to 15 min; every other address still signs in, so nobody locks an account for everyone.
 * - per account, across addresses: the slow-down against guessing spread over many addresses. Past 20
 *   failures in an hour, the account takes one attempt every 30 s (at most ~140 guesses an hour); the owner
 *   waits seconds at worst, never a lockout.
 * - per client address, across accounts: against credential stuffing from one address.
 * Keys name the account by its normalised e-mail whether or not it exists, so the answers reveal nothing.
 */
export const SIGN_IN_PER_PAIR: RateRule = {
  maxFailures: 5,
  windowSeconds: 900,
  lockSeconds: 30,
  maxLockSeconds: 900,
};
export const SIGN_IN_PER_ACCOUNT: RateRule = {
  maxFailures: 20,
  windowSeconds: 3600,
  lockSeconds: 30,
  maxLockSeconds: 30,
};
export const SIGN_IN_PER_ADDRESS: RateRule = {
  maxFailures: 30,
  windowSeconds: 900,
  lockSeconds: 60,
  maxLockSeconds: 900,
};

/** The three sign-in keys of an attempt, with their rules. */
export function signInLimits(email: string, address: string): [key: string, rule: RateRule][] {
  return [
    [`sign-in:pair:${email}|${address}`, SIGN_IN_PER_PAIR],
    [`sign-in:account:${email}`, SIGN_IN_PER_ACCOUNT],
    [`sign-in:address:${address}`, SIGN_IN_PER_ADDRESS],
  ];
}

/** Lifts every sign-in lock and slow-down of an account (its password was just reset). */
export async function clearSignInLimits(em: EntityManager, email: string): Promise<void> {
  await em.execute('delete from rate_limit where key = ? or starts_with(key, ?)', [
    `sign-in:account:${email}`,
    `sign-in:pair:${email}|`,
  ]);
}

/**
 * Rule 7: creating a member with an address or national number that already has an account answers
 * PERSON_EXISTS, which tells that an account exists. Each such answer is counted per administrator (and audited):
 * a few typing mistakes pass, probing a list of addresses does not.
 */
export const IDENTITY_PROBE_PER_ACTOR: RateRule = {
  maxFailures: 10,
  windowSeconds: 3600,
  lockSeconds: 600,
  maxLockSeconds: 86_400,
};

export const IDENTIFIER_PER_ACTOR: RateRule = {
  maxFailures: 5,
  windowSeconds: 900,
  lockSeconds: 60,
  maxLockSeconds: 3600,
};

/** Throws RateLimitedError while any of the keys is locked. */
export async function assertNotLimited(em: EntityManager, keys: string[], now = new Date()): Promise<void> {
  const rows = await em.find(RateLimit, { key: { $in: keys } });
  const lockedUntil = Math.max(0, ...rows.map((row) => row.lockedUntil?.getTime() ?? 0));
  if (lockedUntil > now.getTime())
    throw new RateLimitedError(Math.ceil((lockedUntil - now.getTime()) / 1000));
}

/** Counts a failure for each key in its own short transaction, so it survives the failed attempt's rollback. */
export async function recordFailure(
  em: EntityManager,
  rules: [key: string, rule: RateRule][],
  now = new Date(),
): Promise<void> {
  await em.fork().transactional(async (tx) => {
    for (const [key, rule] of rules) {
      // One upsert per key keeps concurrent attempts from losing counts.
      const [row] = await tx.execute<{ failures: number }[]>(
        `insert into rate_limit (key, failures, window_started_at, locked_until) values (?, 1, ?, null)
         on conflict (key) do update set
           failures = case when rate_limit.window_started_at < ? then 1 else rate_limit.failures + 1 end,
           window_started_at = case when rate_limit.window_started_at < ? then excluded.window_started_at else rate_limit.window_started_at end
         returning failures`,
        [
          key,
          now,
          new Date(now.getTime() - rule.windowSeconds * 1000),
          new Date(now.getTime() - rule.windowSeconds * 1000),
        ],
      );
      const failures = row?.failures ?? 1;
      if (failures >= rule.maxFailures) {
        const lock = Math.min(rule.maxLockSeconds, rule.lockSeconds * 2 ** (failures - rule.maxFailures));
        await tx.execute('update rate_limit set locked_until = ? where key = ?', [
          new Date(now.getTime() + lock * 1000),
          key,
        ]);
        rateLimitLocks.inc({ rule: rateLimitRule(key) });
      }
    }
  });
}

export async function clearFailures(em: EntityManager, keys: string[]): Promise<void> {
  await em.nativeDelete(RateLimit, { key: { $in: keys } });
}
