import { describe, expect, it } from 'vitest';
import { RateLimitedError } from '../errors.js';
import { hashPassword, passwordPoolState, resetPasswordPoolPeak, verifyPassword } from './passwords.js';

describe('password hashing pool', () => {
  it('runs at most its size at once, queues the rest, and refuses beyond the queue as rate limited', async () => {
    const stored = await hashPassword('correct horse battery staple');
    const { concurrency } = passwordPoolState();
    const maxWaiting = 64 * concurrency;
    resetPasswordPoolPeak();
    const attempts = Array.from({ length: concurrency + maxWaiting + 5 }, (_, i) =>
      verifyPassword(stored, i === 0 ? 'correct horse battery staple' : 'wrong').then(
        (ok) => ({ ok }),
        (error: unknown) => ({ error }),
      ),
    );
    const outcomes = await Promise.all(attempts);
    const refused = outcomes.filter((outcome) => 'error' in outcome);
    expect(refused.length).toBeGreaterThanOrEqual(5);
    for (const outcome of refused)
      expect((outcome as { error: unknown }).error).toBeInstanceOf(RateLimitedError);
    expect(outcomes[0]).toEqual({ ok: true });
    // counted around each argon2 call: never more at once than the pool's size, and the burst did fill it
    expect(passwordPoolState().peak).toBeLessThanOrEqual(concurrency);
    expect(passwordPoolState().peak).toBe(concurrency);
    expect(passwordPoolState()).toMatchObject({ active: 0, waiting: 0 });
  }, 60_000);

  it('refuses an unknown account like a wrong password', async () => {
    expect(await verifyPassword(null, 'anything')).toBe(false);
  });
});
