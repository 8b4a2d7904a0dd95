import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../src/jobs/queues.js';
import { startTestApp, type TestApp } from './app.js';
import { waitUntil } from './spawn.js';
import { ERROR_FIELDS, memberIdOf, sql } from './tenants.js';

/**
 * Issue 15: a delegation's start and end notices go out exactly once whatever the number of API instances. Two
 * instances on one database (and one mail relay) each run several `delegations.transitions` jobs at once; the
 * row-state guard (`update … where started_notified_at is null returning`) lets one of them send each notice.
 */
describe('delegation notices with two API instances', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
    b = await startTestApp(
      { BACKGROUND_SCHEDULE: 'off', SMTP_URL: a.smtp.url },
      { databaseUrl: a.databaseUrl },
    );
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('sends each start and end notice once', async () => {
    const marc = await a.as('marc.favre@morges.demo');
    const yvesId = await memberIdOf(a, 'yves.perret@morges.demo');
    const created = await marc.ok(
      `mutation($input: CreateDelegationInput!) { createDelegation(input: $input) { ${ERROR_FIELDS} ... on MutationCreateDelegationSuccess { data { id state } } } }`,
      {
        input: {
          delegateId: yvesId,
          kind: 'REFERENT',
          reason: 'Congés',
          startsAt: new Date(Date.now() + 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 7_200_000).toISOString(),
        },
      },
    );
    expect(created.createDelegation.data.state).toBe('SCHEDULED');
    const runAll = async (count: number) => {
      const ids = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          (i % 2 === 0 ? a : b).app.services.jobs.send(QUEUES.delegationTransitions, { round: i }),
        ),
      );
      await waitUntil(
        async () =>
          (
            await sql<{ n: number }>(
              a,
              `select count(*)::int as n from pgboss.job where id = any($1::uuid[]) and state = 'completed'`,
              [ids],
            )
          )[0]!.n === ids.length,
        20_000,
        'the transition jobs to complete',
      );
      await a.drainOutbox();
      await b.drainOutbox();
    };
    const count = (subject: string, to: string) =>
      a.smtp.inbox.filter((mail) => mail.subject.includes(subject) && mail.to.includes(to)).length;

    // the start comes (moved in the database): six jobs on two instances, one notice each
    await sql(a, `update delegation set starts_at = now() - interval '1 second' where revoked_at is null`);
    await runAll(6);
    expect(count('Délégation commencée', 'yves.perret@morges.demo')).toBe(1);
    expect(count('Délégation commencée', 'marc.favre@morges.demo')).toBe(1);
    // the end comes: again one notice each, and the start is not told again
    await sql(a, `update delegation set ends_at = now() - interval '1 millisecond' where revoked_at is null`);
    await runAll(6);
    expect(count('Délégation terminée', 'yves.perret@morges.demo')).toBe(1);
    expect(count('Délégation terminée', 'marc.favre@morges.demo')).toBe(1);
    expect(count('Délégation commencée', 'yves.perret@morges.demo')).toBe(1);
    const notices = await sql<{ kind: string; n: number }>(
      a,
      `select kind, count(*)::int as n from notification where kind like 'DELEGATION_%' group by kind order by kind`,
    );
    expect(notices).toEqual([
      { kind: 'DELEGATION_ENDED', n: 2 },
      { kind: 'DELEGATION_GRANTED', n: 2 },
      { kind: 'DELEGATION_STARTED', n: 2 },
    ]);
  });
});
