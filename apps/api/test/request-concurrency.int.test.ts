import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate, rawId, roleId } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { sql } from './tenants.js';

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
