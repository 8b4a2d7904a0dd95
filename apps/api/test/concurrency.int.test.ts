import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId, type Json, memberId, mutate, rawId, success } from './access-fixtures.js';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { actingOrganisationId, sql } from './tenants.js';

/** Rule 8: rules 1 and 6 hold, and no update is lost, when 50 writers act at once (issue 10). */
let t: TestApp;
let paul: TestClient;
let operatorA: TestClient;
let operatorB: TestClient;
let lumiereId: string;
let accueil: string;
let agreementRoles: string[];

const WRITERS = 50;
/** A writer's answer is a success or a typed refusal: never INTERNAL, never a top-level error. */
const TYPED = new Set([
  'ConflictError',
  'RuleViolationError',
  'InvalidInputError',
  'NotFoundError',
  'NotAuthorisedError',
]);

function expectTyped(answers: { __typename: string }[]) {
  for (const answer of answers)
    expect(
      answer.__typename.startsWith('Mutation') || TYPED.has(answer.__typename),
      JSON.stringify(answer),
    ).toBe(true);
}

const successes = <T extends { __typename: string }>(answers: T[]) =>
  answers.filter((answer) => answer.__typename.startsWith('Mutation'));

async function auditOf(target: string, action: string) {
  return sql<{ before: Json; after: Json }>(
    t,
    'select before, after from audit_event where target_id = $1 and action = $2 order by id',
    [rawId(target), action],
  );
}

async function grantsOf(group: string): Promise<string[]> {
  const rows = await sql<{ id: string }>(
    t,
    'select service_role_id as id from service_grant where group_id = $1 order by 1',
    [rawId(group)],
  );
  return rows.map((row) => row.id);
}

async function versionOf(table: string, id: string): Promise<number> {
  const [row] = await sql<{ version: number }>(t, `select version from ${table} where id = $1`, [rawId(id)]);
  return row!.version;
}

/** Some service roles of the agreement, picked by a writer's number. */
function subset(writer: number): string[] {
  return agreementRoles.filter((_, i) => ((writer + 1) >> i) & 1);
}

beforeAll(async () => {
  t = await startTestApp();
  [paul, operatorA, operatorB] = await Promise.all([
    t.as('paul.girard@lumiere.demo'),
    t.as('operateur@tessera.demo'),
    t.as('operateur@tessera.demo'),
  ]);
  lumiereId = await actingOrganisationId(paul);
  accueil = await groupId(t, 'Accueil');
  const rows = await sql<{ id: string }>(
    t,
    `select i.service_role_id as id from agreement_item i where i.organisation_id = $1
      and (i.valid_until is null or i.valid_until >= current_date) order by 1`,
    [rawId(lumiereId)],
  );
  agreementRoles = rows.map((row) => Buffer.from(`ServiceRole:${row.id}`).toString('base64'));
  expect(agreementRoles.length).toBeGreaterThanOrEqual(2);
});
afterAll(async () => t?.stop());

describe('setGroupGrants with 50 writers at once', () => {
  it('loses no update: the stored grants are the last audit "after", each "before" the previous "after"', async () => {
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        mutate(
          paul,
          'setGroupGrants',
          'SetGroupGrantsInput',
          { groupId: accueil, serviceRoleIds: subset(writer) },
          'version',
        ),
      ),
    );
    expectTyped(answers);
    expect(successes(answers)).toHaveLength(WRITERS);
    const events = await auditOf(accueil, 'group.grants_set');
    expect(events.length).toBeGreaterThan(0);
    for (let i = 1; i < events.length; i++)
      expect(events[i]!.before.serviceRoleIds).toEqual(events[i - 1]!.after.serviceRoleIds);
    const stored = await grantsOf(accueil);
    expect(events.at(-1)!.after.serviceRoleIds).toEqual(stored);
  });

  it('with the version read before, exactly one of 50 writers wins; the others get a typed conflict', async () => {
    // A stored set that is neither empty nor whole, whatever the test before left: every writer below changes it.
    const start = await mutate(
      paul,
      'setGroupGrants',
      'SetGroupGrantsInput',
      { groupId: accueil, serviceRoleIds: agreementRoles.slice(0, 1) },
      'version',
    );
    expect(start.__typename).toBe('MutationSetGroupGrantsSuccess');
    const version = await versionOf('member_group', accueil);
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        mutate(
          paul,
          'setGroupGrants',
          'SetGroupGrantsInput',
          // every writer asks for a set that differs from the stored one, so each would change it
          { groupId: accueil, serviceRoleIds: writer % 2 ? [] : agreementRoles, expectedVersion: version },
          'version',
        ),
      ),
    );
    expectTyped(answers);
    const won = successes(answers);
    const stale = answers.filter((a) => a.__typename === 'ConflictError' && a.field === 'expectedVersion');
    expect(won.length).toBe(1);
    expect(stale.length).toBe(WRITERS - 1);
    expect(await versionOf('member_group', accueil)).toBe(won[0]!.data.version);
  });
});

describe('rule 1 under concurrency: a sub-group within its parent', () => {
  it('never keeps a grant its parent lost, whatever the order of 50 writers', async () => {
    const hugo = await memberId(t, 'hugo.lefevre@lumiere.demo');
    const sub = success(
      await mutate(
        paul,
        'createGroup',
        'CreateGroupInput',
        {
          organisationId: lumiereId,
          name: 'Accueil concurrent',
          parentId: accueil,
          manager: { memberId: hugo },
        },
        'id',
      ),
    ).id as string;
    const role = agreementRoles[0]!;
    for (let round = 0; round < 5; round++) {
      await mutate(
        paul,
        'setGroupGrants',
        'SetGroupGrantsInput',
        { groupId: accueil, serviceRoleIds: [role] },
        'id',
      );
      const answers = await Promise.all(
        Array.from({ length: WRITERS }, (_, writer) =>
          writer % 2
            ? mutate(paul, 'grantToGroup', 'GroupGrantInput', { groupId: sub, serviceRoleId: role }, 'id')
            : mutate(
                paul,
                'setGroupGrants',
                'SetGroupGrantsInput',
                { groupId: accueil, serviceRoleIds: writer % 4 ? [role] : [] },
                'id',
              ),
        ),
      );
      expectTyped(answers);
      const parent = new Set(await grantsOf(accueil));
      for (const held of await grantsOf(sub)) expect(parent.has(held)).toBe(true);
    }
  });
});

describe('rule 6 under concurrency: at least one active principal admin', () => {
  it('two operator sessions blocking both principal admins leave one active, in every round', async () => {
    const morges = await sql<{ id: string }>(
      t,
      `select id from organisation where name = 'Commune de Morges'`,
    );
    const morgesId = Buffer.from(`Organisation:${morges[0]!.id}`).toString('base64');
    const named = await mutate(
      operatorA,
      'namePrincipalAdministrator',
      'NamePrincipalAdministratorInput',
      { organisationId: morgesId, existingPersonEmail: 'marc.favre@morges.demo' },
      'id',
    );
    expect(named.__typename).toBe('MutationNamePrincipalAdministratorSuccess');
    const claire = await memberId(t, 'claire.morel@morges.demo');
    const marc = await memberId(t, 'marc.favre@morges.demo');
    for (let round = 0; round < 5; round++) {
      const answers = await Promise.all(
        Array.from({ length: WRITERS }, (_, writer) =>
          mutate(
            writer % 2 ? operatorA : operatorB,
            'blockMember',
            'MemberIdInput',
            {
              memberId: writer % 2 ? claire : marc,
            },
            'status',
          ),
        ),
      );
      expectTyped(answers);
      expect(successes(answers)).toHaveLength(1);
      expect(answers.some((a) => a.code === 'LAST_PRINCIPAL_ADMIN')).toBe(true);
      const [active] = await sql<{ n: number }>(
        t,
        `select count(*)::int as n from admin_role r join member m on m.id = r.member_id
          where r.organisation_id = $1 and r.kind = 'PRINCIPAL_ADMIN' and m.status = 'ACTIVE'`,
        [morges[0]!.id],
      );
      expect(active!.n).toBe(1);
      const blocked = successes(answers)[0]!.data.status === 'BLOCKED';
      expect(blocked).toBe(true);
      for (const member of [claire, marc])
        await mutate(operatorA, 'unblockMember', 'MemberIdInput', { memberId: member }, 'status');
    }
  });
});

describe('concurrent renames', () => {
  it('without a version, every audit "before" is the previous "after" and the last "after" is stored', async () => {
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        mutate(
          paul,
          'updateGroup',
          'UpdateGroupInput',
          { groupId: accueil, name: `Accueil ${writer}` },
          'name',
        ),
      ),
    );
    expectTyped(answers);
    expect(successes(answers)).toHaveLength(WRITERS);
    const events = await auditOf(accueil, 'group.updated');
    expect(events.length).toBe(WRITERS);
    for (let i = 1; i < events.length; i++) expect(events[i]!.before).toEqual(events[i - 1]!.after);
    const [row] = await sql<{ name: string }>(t, 'select name from member_group where id = $1', [
      rawId(accueil),
    ]);
    expect(events.at(-1)!.after.name).toBe(row!.name);
  });

  it('with the version read before, one rename wins and 49 get a typed stale conflict', async () => {
    const version = await versionOf('member_group', accueil);
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) =>
        mutate(
          paul,
          'updateGroup',
          'UpdateGroupInput',
          { groupId: accueil, name: `Accueil v${writer}`, expectedVersion: version },
          'name version',
        ),
      ),
    );
    expectTyped(answers);
    const won = successes(answers);
    expect(won).toHaveLength(1);
    expect(
      answers.filter((a) => a.__typename === 'ConflictError' && a.field === 'expectedVersion'),
    ).toHaveLength(WRITERS - 1);
    expect(won[0]!.data.version).toBe(version + 1);
    const [row] = await sql<{ name: string }>(t, 'select name from member_group where id = $1', [
      rawId(accueil),
    ]);
    expect(row!.name).toBe(won[0]!.data.name);
  });
});

describe('duplicates created at once', () => {
  it('50 members with one e-mail: one is created, the others get a conflict on email', async () => {
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        mutate(
          paul,
          'createMember',
          'CreateMemberInput',
          {
            lastName: 'Double',
            firstName: 'Dora',
            email: 'dora.double@lumiere.demo',
            emailConfirmation: 'dora.double@lumiere.demo',
            mobility: 'DESK',
          },
          'personCreated',
        ),
      ),
    );
    expectTyped(answers);
    expect(successes(answers)).toHaveLength(1);
    const conflicts = answers.filter((a) => a.__typename === 'ConflictError');
    expect(conflicts).toHaveLength(WRITERS - 1);
    expect(new Set(conflicts.map((a) => a.field))).toEqual(new Set(['email']));
    const [row] = await sql<{ n: number }>(t, `select count(*)::int as n from person where email = $1`, [
      'dora.double@lumiere.demo',
    ]);
    expect(row!.n).toBe(1);
  });

  it('50 identical direct grants: one is stored, the others get a conflict on serviceRoleId', async () => {
    const hugo = await memberId(t, 'hugo.lefevre@lumiere.demo');
    const role = agreementRoles[1]!;
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        mutate(paul, 'grantToMember', 'MemberGrantInput', { memberId: hugo, serviceRoleId: role }, 'id'),
      ),
    );
    expectTyped(answers);
    expect(successes(answers)).toHaveLength(1);
    const conflicts = answers.filter((a) => a.__typename === 'ConflictError');
    expect(conflicts).toHaveLength(WRITERS - 1);
    expect(new Set(conflicts.map((a) => a.field))).toEqual(new Set(['serviceRoleId']));
  });

  it('50 identical admin namings and 50 groups of one name: one each, the others typed conflicts', async () => {
    const hugo = await memberId(t, 'hugo.lefevre@lumiere.demo');
    const answers = await Promise.all([
      ...Array.from({ length: WRITERS }, () =>
        mutate(
          paul,
          'nameAdministrator',
          'NameAdministratorInput',
          { memberId: hugo, kind: 'CO_ADMIN' },
          'id',
        ),
      ),
      ...Array.from({ length: WRITERS }, () =>
        mutate(
          paul,
          'createGroup',
          'CreateGroupInput',
          { organisationId: lumiereId, name: 'Guichet unique', manager: { memberId: hugo } },
          'id',
        ),
      ),
    ]);
    expectTyped(answers);
    const naming = answers.slice(0, WRITERS);
    const groups = answers.slice(WRITERS);
    expect(successes(naming)).toHaveLength(1);
    expect(successes(groups)).toHaveLength(1);
    expect(naming.filter((a) => a.__typename === 'ConflictError')).toHaveLength(WRITERS - 1);
    expect(groups.filter((a) => a.__typename === 'ConflictError' && a.field === 'name')).toHaveLength(
      WRITERS - 1,
    );
  });
});
