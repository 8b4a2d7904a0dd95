import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, rawId, roleId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { waitUntil } from './spawn.js';
import { actingOrganisationId, sql } from './tenants.js';

/** Rule 8 for requests: "one request per role waits at a time" holds when a member submits many at once. */
let t: TestApp;
let yves: TestClient;
let chaman: string;

beforeAll(async () => {
  t = await startTestApp({ BACKGROUND_SCHEDULE: 'off' });
  yves = await t.as('yves.perret@morges.demo');
  chaman = await roleId(t, 'CHAMAN', 'gestion');
});
afterAll(async () => t?.stop());

const SUBMITTERS = 12;
const ROUNDS = 5;

describe('submitting the same service request at once', () => {
  it(`${SUBMITTERS} identical submissions, ${ROUNDS} rounds: one request waits, the others get a conflict on serviceRoleId`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const answers = await Promise.all(
        Array.from({ length: SUBMITTERS }, () =>
          mutate(
            yves,
            'submitServiceAccessRequest',
            'SubmitServiceAccessRequestInput',
            { serviceRoleId: chaman },
            'id',
          ),
        ),
      );
      const won = answers.filter(
        (answer) => answer.__typename === 'MutationSubmitServiceAccessRequestSuccess',
      );
      expect(won, JSON.stringify(answers)).toHaveLength(1);
      for (const answer of answers.filter((a) => a !== won[0]))
        expect(answer).toMatchObject({ __typename: 'ConflictError', field: 'serviceRoleId' });
      const stored = await sql<{ id: string }>(
        t,
        `select r.id from access_request r join member m on m.id = r.subject_member_id
           join person p on p.id = m.person_id
          where p.email = 'yves.perret@morges.demo' and r.service_role_id = $1 and r.state = 'SUBMITTED'`,
        [rawId(chaman)],
      );
      expect(stored).toHaveLength(1);
      const audits = await sql<{ id: string }>(
        t,
        `select id from audit_event where action = 'request.submitted' and target_id = $1`,
        [stored[0]!.id],
      );
      expect(audits).toHaveLength(1);
      // withdrawn, so the next round may ask again
      const cancelled = await mutate(
        yves,
        'cancelRequest',
        'CancelRequestInput',
        { requestId: won[0]!.data.id },
        'state',
      );
      expect(cancelled).toMatchObject({ data: { state: 'CANCELLED' } });
    }
  });
});

describe('submitting while the operator suspends the organisation', () => {
  it('refuses the submission that waited for the suspension to commit', async () => {
    const lucie = await t.as('lucie.blanc@morges.demo');
    const morges = rawId(await actingOrganisationId(lucie));
    const validation = await roleId(t, 'FACTURE', 'validation');
    const holder = new pg.Client({ connectionString: t.databaseUrl });
    await holder.connect();
    let pending: Promise<Record<string, unknown>> | undefined;
    try {
      await holder.query('begin');
      await holder.query('select id from organisation where id = $1 for update', [morges]);
      pending = mutate(
        lucie,
        'submitServiceAccessRequest',
        'SubmitServiceAccessRequestInput',
        { serviceRoleId: validation },
        'id',
      );
      await waitUntil(
        async () => {
          const { rows } = await holder.query(
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock' and pid <> pg_backend_pid()`,
          );
          return rows[0].n > 0;
        },
        10_000,
        'the submission waiting for the organisation',
      );
      await holder.query(`update organisation set status = 'SUSPENDED' where id = $1`, [morges]);
      await holder.query('commit');
    } finally {
      await holder.end();
    }
    expect(await pending).toMatchObject({ __typename: 'NotAuthorisedError' });
    expect(
      await sql(t, `select 1 from access_request where organisation_id = $1 and service_role_id = $2`, [
        morges,
        rawId(validation),
      ]),
    ).toEqual([]);
    await sql(t, `update organisation set status = 'ACTIVE' where id = $1`, [morges]);
  });
});
