import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { ref, testData } from './builders.js';
import { actingOrganisationId, ERROR_FIELDS, gid, idOf, memberIdOf, sql } from './tenants.js';

let t: TestApp;
let claire: TestClient;
let paul: TestClient;
let morges: string;
let lumiere: string;

beforeAll(async () => {
  t = await startTestApp();
  claire = await t.as('claire.morel@morges.demo');
  paul = await t.as('paul.girard@lumiere.demo');
  morges = await actingOrganisationId(claire);
  lumiere = await actingOrganisationId(paul);
});
afterAll(async () => t?.stop());

const ATTACH = `mutation($input: AttachMemberInput!) {
  attachMember(input: $input) {
    ${ERROR_FIELDS}
    ... on RateLimitedError { retryAfterSeconds }
    ... on MutationAttachMemberSuccess { data { requestId member { id status units { name } person { email } } } }
  }
}`;
const CREATE = `mutation($input: CreateMemberInput!) {
  createMember(input: $input) {
    ${ERROR_FIELDS}
    ... on MutationCreateMemberSuccess { data { personCreated temporaryPassword member { id status mobility openingDate person { email nationalNumber } groups { group { name } } } } }
  }
}`;
const MEMBERS = `query($org: ID!, $first: Int, $after: String, $search: String, $status: MemberStatus, $unitId: ID, $groupId: ID, $serviceId: ID) {
  members(organisationId: $org, first: $first, after: $after, search: $search, status: $status, unitId: $unitId, groupId: $groupId, serviceId: $serviceId) {
    edges { cursor node { id status person { firstName lastName email } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const DETAIL = `query($id: ID!) { node(id: $id) { ... on Member {
  status archivedAt
  groups { blocked group { name } }
  adminRoles { kind }
  viewerCan { block archive remove help attach }
  effectiveAccess { services { service { code } } }
} } }`;
const one = (name: string) =>
  `mutation($id: ID!) { ${name}(input: { memberId: $id }) { ${ERROR_FIELDS} ... on Mutation${name[0]!.toUpperCase()}${name.slice(1)}Success { data { id status } } } }`;
const inGroup = (name: string) =>
  `mutation($memberId: ID!, $groupId: ID!) { ${name}(input: { memberId: $memberId, groupId: $groupId }) { ${ERROR_FIELDS} } }`;

// biome-ignore lint/suspicious/noExplicitAny: GraphQL results are untyped in tests
const names = (data: any): string[] =>
  data.members.edges.map((edge: { node: { person: { lastName: string } } }) => edge.node.person.lastName);

async function identifierOf(email: string, password?: string): Promise<string> {
  const client = t.client();
  await client.signIn(email, password);
  return (await client.ok('{ viewer { personalIdentifier { code } } }')).viewer.personalIdentifier.code;
}

describe('attaching a person with its personal identifier (Vaud)', () => {
  it('attaches Léa, closes the attachment request with its history, and e-mails her', async () => {
    const code = await identifierOf('lea.dubois@exemple.demo');
    const population = await idOf(t, 'Unit', `select id from unit where name = 'Service de la population'`);
    const result = await claire.ok(ATTACH, {
      input: { personalIdentifier: code.toLowerCase().replace(/-/g, ' '), unitIds: [population] },
    });
    expect(result.attachMember.__typename).toBe('MutationAttachMemberSuccess');
    const { member, requestId } = result.attachMember.data;
    expect(member).toMatchObject({
      status: 'ACTIVE',
      units: [{ name: 'Service de la population' }],
      person: { email: 'lea.dubois@exemple.demo' },
    });
    const requestUuid = Buffer.from(requestId, 'base64').toString().split(':')[1];
    const [request] = await sql<{ type: string; state: string; closed_at: Date }>(
      t,
      'select type, state, closed_at from access_request where id = $1',
      [requestUuid],
    );
    expect(request).toMatchObject({ type: 'ATTACHMENT', state: 'CLOSED' });
    expect(request!.closed_at).not.toBeNull();
    const steps = await sql<{ from_state: string | null; to_state: string }>(
      t,
      'select from_state, to_state from request_step where request_id = $1 order by id',
      [requestUuid],
    );
    expect(steps).toEqual([
      { from_state: null, to_state: 'SUBMITTED' },
      { from_state: 'SUBMITTED', to_state: 'APPROVED' },
      { from_state: 'APPROVED', to_state: 'CLOSED' },
    ]);
    const grants = await sql(t, `select 1 from service_grant where member_id = $1`, [
      Buffer.from(member.id, 'base64').toString().split(':')[1],
    ]);
    expect(grants).toHaveLength(0);
    const detail = await claire.ok(DETAIL, { id: member.id });
    expect(
      detail.node.effectiveAccess.services.map((s: { service: { code: string } }) => s.service.code).sort(),
    ).toEqual(['CONTACTDATA', 'PORTAIL']);
    const mail = await t.smtp.waitFor(
      (m) => m.to.includes('lea.dubois@exemple.demo') && /rattaché/.test(m.subject),
    );
    expect(mail.text).toContain('Commune de Morges');
    const audit = await sql(
      t,
      `select 1 from audit_event where action = 'member.attached' and target_id = $1`,
      [Buffer.from(member.id, 'base64').toString().split(':')[1]],
    );
    expect(audit).toHaveLength(1);

    // The closed request and its history are visible to the organisation's responsible people, not to others.
    const HISTORY = `query($id: ID!) { node(id: $id) { ... on Member { attachmentRequest { id type state steps { fromState toState actorName } } } } }`;
    const history = await (await t.as('marc.favre@morges.demo')).ok(HISTORY, { id: member.id });
    expect(history.node.attachmentRequest).toMatchObject({
      id: requestId,
      type: 'ATTACHMENT',
      state: 'CLOSED',
    });
    expect(history.node.attachmentRequest.steps.map((s: { toState: string }) => s.toState)).toEqual([
      'SUBMITTED',
      'APPROVED',
      'CLOSED',
    ]);
    expect(history.node.attachmentRequest.steps[0].actorName).toBe('Claire Morel');

    // Léa may now act for Morges.
    const lea = await t.as('lea.dubois@exemple.demo');
    const viewer = await lea.ok('{ viewer { memberships { organisation { name } } } }');
    expect(viewer.viewer.memberships).toEqual([{ organisation: { name: 'Commune de Morges' } }]);

    // The identifier is used up: a second attempt with it fails, and Léa is shown a new one.
    const again = await paul.ok(ATTACH, { input: { personalIdentifier: code } });
    expect(again.attachMember).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'personalIdentifier',
    });
    expect(await identifierOf('lea.dubois@exemple.demo')).not.toBe(code);
  });

  it('refuses an expired identifier', async () => {
    // A person of no organisation yet, built rather than taken from the seed.
    const tom = await testData(t).person({ firstName: 'Tom', lastName: 'Meyer' });
    const code = await identifierOf(tom.email);
    await sql(
      t,
      `update person set personal_identifier_issued_at = personal_identifier_issued_at - interval '31 days' where id = $1`,
      [tom.id],
    );
    const result = await claire.ok(ATTACH, { input: { personalIdentifier: code } });
    expect(result.attachMember).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'personalIdentifier',
    });
  });

  it('lets a unit admin attach into its own unit only', async () => {
    const nadia = await t.as('nadia.keller@morges.demo');
    const population = await idOf(t, 'Unit', `select id from unit where name = 'Service de la population'`);
    const finance = await idOf(t, 'Unit', `select id from unit where name = 'Service financier'`);
    const newcomer = await testData(t).person({ firstName: 'Théo', lastName: 'Nouveau' });
    const code = await identifierOf(newcomer.email);
    for (const unitIds of [[], [finance]]) {
      const refused = await nadia.ok(ATTACH, { input: { personalIdentifier: code, unitIds } });
      expect(refused.attachMember.__typename).toBe('NotAuthorisedError');
    }
    // A refused attempt does not use the identifier up.
    const done = await nadia.ok(ATTACH, { input: { personalIdentifier: code, unitIds: [population] } });
    expect(done.attachMember.data.member.units).toEqual([{ name: 'Service de la population' }]);
  });

  it('rate-limits wrong identifiers per administrator', async () => {
    const marc = await t.as('marc.favre@morges.demo');
    for (let i = 0; i < 5; i++) {
      const wrong = await marc.ok(ATTACH, { input: { personalIdentifier: `AAAA-BBBB-CC${i}${i}` } });
      expect(wrong.attachMember).toMatchObject({
        __typename: 'InvalidInputError',
        field: 'personalIdentifier',
      });
    }
    const limited = await marc.ok(ATTACH, { input: { personalIdentifier: 'AAAA-BBBB-CCDD' } });
    expect(limited.attachMember.__typename).toBe('RateLimitedError');
    // Another administrator is not slowed down by Marc's mistakes.
    const other = await claire.ok(ATTACH, { input: { personalIdentifier: 'AAAA-BBBB-CCDD' } });
    expect(other.attachMember.__typename).toBe('InvalidInputError');
  });
});

describe('creating members (Caf, CSAM)', () => {
  const base = {
    lastName: 'Lambert',
    firstName: 'Chloé',
    email: 'chloe.lambert@lumiere.demo',
    emailConfirmation: 'chloe.lambert@lumiere.demo',
    mobility: 'DESK',
  };

  it('names the wrong field: confirmation, invalid address, national number, unknown unit, empty name', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ emailConfirmation: 'chloe.lambret@lumiere.demo' }, 'emailConfirmation'],
      [{ email: 'chloe@', emailConfirmation: 'chloe@' }, 'email'],
      [{ email: 'chloe lambert@lumiere.demo', emailConfirmation: 'chloe lambert@lumiere.demo' }, 'email'],
      [{ nationalNumber: '85.07.30-033.29' }, 'nationalNumber'],
      [{ unitIds: [gid('Unit', '00000000-0000-4000-8000-000000000000')] }, 'unitIds'],
      [{ lastName: '   ' }, 'lastName'],
      [{ groupIds: ['not-an-id'] }, 'groupIds'],
    ];
    for (const [change, field] of cases) {
      const result = await paul.ok(CREATE, { input: { ...base, ...change } });
      expect(result.createMember, field).toMatchObject({ __typename: 'InvalidInputError', field });
    }
    const count = await sql(t, `select 1 from person where email like 'chloe%'`);
    expect(count).toHaveLength(0);
  });

  it('tells a shared mailbox (the Caf rule) from an invalid address', async () => {
    const result = await paul.ok(CREATE, {
      input: { ...base, email: 'contact@lumiere.demo', emailConfirmation: 'contact@lumiere.demo' },
    });
    expect(result.createMember).toMatchObject({
      __typename: 'RuleViolationError',
      code: 'SHARED_MAILBOX',
      field: 'email',
    });
    const invalid = await paul.ok(CREATE, {
      input: { ...base, email: 'contact@', emailConfirmation: 'contact@' },
    });
    expect(invalid.createMember).toMatchObject({
      __typename: 'InvalidInputError',
      code: 'INVALID_INPUT',
      field: 'email',
    });
    expect(await sql(t, `select 1 from person where email like 'contact@%'`)).toHaveLength(0);
  });

  it('creates a member by national number into a group, opening today, with a temporary password', async () => {
    const reception = await idOf(t, 'Group', `select id from member_group where name = 'Accueil'`);
    const result = await paul.ok(CREATE, {
      input: { ...base, nationalNumber: '85.07.30-033.28', groupIds: [reception] },
    });
    const data = result.createMember.data;
    expect(data.personCreated).toBe(true);
    expect(data.temporaryPassword).toBeTruthy();
    expect(data.member).toMatchObject({
      status: 'ACTIVE',
      mobility: 'DESK',
      openingDate: new Date().toISOString().slice(0, 10),
      person: { email: 'chloe.lambert@lumiere.demo', nationalNumber: '85073003328' },
      groups: [{ group: { name: 'Accueil' } }],
    });
    const [person] = await sql<{ must_change_password: boolean; terms_accepted_at: Date | null }>(
      t,
      `select must_change_password, terms_accepted_at from person where email = 'chloe.lambert@lumiere.demo'`,
    );
    expect(person).toEqual({ must_change_password: true, terms_accepted_at: null });
  });

  it('never attaches an existing person (rule 7): PERSON_EXISTS names the field and reveals nothing more', async () => {
    const anne = {
      ...base,
      lastName: 'Inconnue',
      firstName: 'X',
      email: 'anne.dupuis@leman.demo',
      emailConfirmation: 'anne.dupuis@leman.demo',
    };
    const existing = await paul.ok(CREATE, { input: anne });
    expect(existing.createMember).toEqual({
      __typename: 'RuleViolationError',
      code: 'PERSON_EXISTS',
      message: expect.stringContaining('personal identifier'),
      field: 'email',
    });
    expect(JSON.stringify(existing)).not.toMatch(/Dupuis|Anne|Léman|leman\.demo.*leman/);
    const [attached] = await sql<{ n: string }>(
      t,
      `select count(*) as n from member m join person p on p.id = m.person_id
        where p.email = 'anne.dupuis@leman.demo' and m.organisation_id = $1`,
      [Buffer.from(lumiere, 'base64').toString().split(':')[1]],
    );
    expect(attached!.n).toBe('0');
    const duplicate = await paul.ok(CREATE, {
      input: { ...base, email: 'hugo.lefevre@lumiere.demo', emailConfirmation: 'hugo.lefevre@lumiere.demo' },
    });
    expect(duplicate.createMember).toMatchObject({
      __typename: 'ConflictError',
      message: 'This person is already a member of the organisation.',
      field: 'email',
    });
    // A person of Lumière, found by national number from Morges: not attached either.
    const zoe = await paul.ok(CREATE, {
      input: {
        ...base,
        email: 'zoe.number@lumiere.demo',
        emailConfirmation: 'zoe.number@lumiere.demo',
        nationalNumber: '90010112395',
      },
    });
    expect(zoe.createMember.__typename).toBe('MutationCreateMemberSuccess');
    const byNumber = await claire.ok(CREATE, {
      input: {
        ...base,
        email: 'someone.else@morges.demo',
        emailConfirmation: 'someone.else@morges.demo',
        nationalNumber: '90010112395',
      },
    });
    expect(byNumber.createMember).toMatchObject({
      __typename: 'RuleViolationError',
      code: 'PERSON_EXISTS',
      field: 'nationalNumber',
    });
    expect(JSON.stringify(byNumber)).not.toMatch(/zoe|Lumière/i);
    // The same number again in Lumière, where Zoé is a member, under a new address: the number is at fault.
    const sameOrganisation = await paul.ok(CREATE, {
      input: {
        ...base,
        email: 'zoe.other@lumiere.demo',
        emailConfirmation: 'zoe.other@lumiere.demo',
        nationalNumber: '90.01.01-123.95',
      },
    });
    expect(sameOrganisation.createMember).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      field: 'nationalNumber',
    });
  });

  it('lets a group manager create members into its group only', async () => {
    const sophie = await t.as('sophie.martin@lumiere.demo');
    const reception = await idOf(t, 'Group', `select id from member_group where name = 'Accueil'`);
    const input = {
      ...base,
      lastName: 'Roux',
      email: 'emma.roux@lumiere.demo',
      emailConfirmation: 'emma.roux@lumiere.demo',
    };
    const outside = await sophie.ok(CREATE, { input });
    expect(outside.createMember.__typename).toBe('NotAuthorisedError');
    const inside = await sophie.ok(CREATE, { input: { ...input, groupIds: [reception] } });
    expect(inside.createMember.data.member.groups).toEqual([{ group: { name: 'Accueil' } }]);
  });
});

describe('blocking, archiving and removing (CSAM, health portal)', () => {
  let hugo: string;
  let reception: string;
  beforeAll(async () => {
    hugo = await memberIdOf(t, 'hugo.lefevre@lumiere.demo');
    reception = await idOf(t, 'Group', `select id from member_group where name = 'Accueil'`);
  });

  const services = async (id: string) =>
    (await paul.ok(DETAIL, { id })).node.effectiveAccess.services
      .map((s: { service: { code: string } }) => s.service.code)
      .sort();

  it('blocks a member for all groups and unblocks it; an illegal move is refused', async () => {
    expect(await services(hugo)).toContain('CDAP');
    const blocked = await paul.ok(one('blockMember'), { id: hugo });
    expect(blocked.blockMember.data.status).toBe('BLOCKED');
    expect(await services(hugo)).toEqual([]);
    const twice = await paul.ok(one('blockMember'), { id: hugo });
    expect(twice.blockMember).toMatchObject({ __typename: 'RuleViolationError', code: 'INVALID_TRANSITION' });
    const unblocked = await paul.ok(one('unblockMember'), { id: hugo });
    expect(unblocked.unblockMember.data.status).toBe('ACTIVE');
    const actions = await sql<{ action: string }>(
      t,
      `select action from audit_event where target_id = $1 order by id`,
      [Buffer.from(hugo, 'base64').toString().split(':')[1]],
    );
    expect(actions.map((a) => a.action)).toEqual(['member.blocked', 'member.unblocked']);
  });

  it('blocks a member in one group only, unblocks it, then removes it from the group', async () => {
    const vars = { memberId: hugo, groupId: reception };
    expect((await paul.ok(inGroup('blockMemberInGroup'), vars)).blockMemberInGroup.__typename).toBe(
      'MutationBlockMemberInGroupSuccess',
    );
    let detail = (await paul.ok(DETAIL, { id: hugo })).node;
    expect(detail.status).toBe('ACTIVE');
    expect(detail.groups).toEqual([{ blocked: true, group: { name: 'Accueil' } }]);
    expect(await services(hugo)).not.toContain('CDAP');
    await paul.ok(inGroup('unblockMemberInGroup'), vars);
    expect(await services(hugo)).toContain('CDAP');
    await paul.ok(inGroup('removeMemberFromGroup'), vars);
    detail = (await paul.ok(DETAIL, { id: hugo })).node;
    expect(detail.groups).toEqual([]);
    const missing = await paul.ok(inGroup('blockMemberInGroup'), vars);
    expect(missing.blockMemberInGroup).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('archives a member (hidden from the default list) and restores it', async () => {
    const archived = await paul.ok(one('archiveMember'), { id: hugo });
    expect(archived.archiveMember.data.status).toBe('ARCHIVED');
    expect((await paul.ok(DETAIL, { id: hugo })).node.archivedAt).not.toBeNull();
    expect(names(await paul.ok(MEMBERS, { org: lumiere }))).not.toContain('Lefèvre');
    expect(names(await paul.ok(MEMBERS, { org: lumiere, status: 'ARCHIVED' }))).toEqual(['Lefèvre']);
    const restored = await paul.ok(one('restoreMember'), { id: hugo });
    expect(restored.restoreMember.data.status).toBe('ACTIVE');
  });

  it('keeps the last principal admin and refuses acting on oneself or on a higher admin', async () => {
    const operator = await t.as('operateur@tessera.demo');
    const paulMember = await memberIdOf(t, 'paul.girard@lumiere.demo');
    for (const name of ['blockMember', 'archiveMember']) {
      const result = await operator.ok(one(name), { id: paulMember });
      expect(result[name], name).toMatchObject({
        __typename: 'RuleViolationError',
        code: 'LAST_PRINCIPAL_ADMIN',
      });
    }
    const removed = await operator.ok(
      `mutation($id: ID!) { removeMember(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      {
        id: paulMember,
      },
    );
    expect(removed.removeMember).toMatchObject({ code: 'LAST_PRINCIPAL_ADMIN' });
    const self = await paul.ok(one('blockMember'), { id: paulMember });
    expect(self.blockMember.__typename).toBe('NotAuthorisedError');
    const marc = await t.as('marc.favre@morges.demo');
    const higher = await marc.ok(one('blockMember'), { id: await memberIdOf(t, 'claire.morel@morges.demo') });
    expect(higher.blockMember.__typename).toBe('NotAuthorisedError');
    const detail = await marc.ok(DETAIL, { id: await memberIdOf(t, 'claire.morel@morges.demo') });
    // Rule 1 for identity too: a referent helps no one at or above its level (issue 9).
    expect(detail.node.viewerCan).toMatchObject({ block: false, archive: false, remove: false, help: false });
    expect(detail.node.adminRoles).toEqual([{ kind: 'PRINCIPAL_ADMIN' }]);
    const [row] = await sql<{ status: string }>(t, `select status from member where id = $1`, [
      Buffer.from(paulMember, 'base64').toString().split(':')[1],
    ]);
    expect(row!.status).toBe('ACTIVE');
  });

  it('removes a member from the organisation; the person keeps its account', async () => {
    const emma = await memberIdOf(t, 'emma.roux@lumiere.demo');
    const removed = await paul.ok(
      `mutation($id: ID!) { removeMember(input: { memberId: $id }) { ${ERROR_FIELDS} ... on MutationRemoveMemberSuccess { data { removedMemberId } } } }`,
      { id: emma },
    );
    expect(removed.removeMember.data.removedMemberId).toBe(emma);
    const gone = await paul.gql(DETAIL, { id: emma });
    expect(gone.data?.node).toBeNull();
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await sql(t, `select 1 from person where email = 'emma.roux@lumiere.demo'`)).toHaveLength(1);
    expect(
      await sql(t, `select 1 from audit_event where action = 'member.removed' and target_id = $1`, [
        Buffer.from(emma, 'base64').toString().split(':')[1],
      ]),
    ).toHaveLength(1);
  });
});

describe('the members list', () => {
  // Its own database: the demo's Morges plus two members built in the population service, whatever the tests
  // above attached or removed (so these run alone, in any order).
  let t: TestApp;
  let claire: TestClient;
  let paul: TestClient;
  let morges: string;
  let lumiere: string;
  beforeAll(async () => {
    t = await startTestApp();
    claire = await t.as('claire.morel@morges.demo');
    paul = await t.as('paul.girard@lumiere.demo');
    morges = await actingOrganisationId(claire);
    lumiere = await actingOrganisationId(paul);
    const population = ref(
      await idOf(t, 'Unit', `select id from unit where name = 'Service de la population'`),
    );
    const data = testData(t);
    for (const [firstName, lastName] of [
      ['Léa', 'Dubois'],
      ['Tom', 'Meyer'],
    ] as const)
      await data.member(ref(morges), { firstName, lastName, units: [population] });
  });
  afterAll(async () => t?.stop());

  it('pages by last name with a keyset cursor', async () => {
    const first = await claire.ok(MEMBERS, { org: morges, first: 3 });
    expect(names(first)).toEqual(['Blanc', 'Dubois', 'Favre']);
    expect(first.members.pageInfo.hasNextPage).toBe(true);
    const next = await claire.ok(MEMBERS, { org: morges, first: 3, after: first.members.pageInfo.endCursor });
    expect(names(next)).toEqual(['Keller', 'Meyer', 'Morel']);
    const bad = await claire.gql(MEMBERS, { org: morges, after: 'garbage' });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'after' });
  });

  it('searches by the start of the name (accents ignored) or of the e-mail address', async () => {
    expect(names(await claire.ok(MEMBERS, { org: morges, search: 'FAV' }))).toEqual(['Favre']);
    expect(names(await claire.ok(MEMBERS, { org: morges, search: 'nadia.k' }))).toEqual(['Keller']);
    expect(names(await paul.ok(MEMBERS, { org: lumiere, search: 'lefe' }))).toEqual(['Lefèvre']);
    expect(names(await claire.ok(MEMBERS, { org: morges, search: '%' }))).toEqual([]);
  });

  it('finds a word anywhere in the name, first name included, accents and case ignored (issue 18)', async () => {
    expect(names(await paul.ok(MEMBERS, { org: lumiere, search: 'hugo' }))).toEqual(['Lefèvre']);
    expect(names(await paul.ok(MEMBERS, { org: lumiere, search: 'Hugo Lefèvre' }))).toEqual(['Lefèvre']);
    expect(names(await paul.ok(MEMBERS, { org: lumiere, search: 'LEFEVRE  hu' }))).toEqual(['Lefèvre']);
    expect(names(await paul.ok(MEMBERS, { org: lumiere, search: 'Lefèvre' }))).toEqual(['Lefèvre']);
    expect(names(await claire.ok(MEMBERS, { org: morges, search: 'Nädia' }))).toEqual(['Keller']);
    // A word is found from its start only, and every word must match.
    expect(names(await paul.ok(MEMBERS, { org: lumiere, search: 'ugo' }))).toEqual([]);
    expect(names(await paul.ok(MEMBERS, { org: lumiere, search: 'hugo martin' }))).toEqual([]);
    // The addresses of another organisation's members are never searched (rule 2).
    expect(names(await paul.ok(MEMBERS, { org: lumiere, search: 'nadia' }))).toEqual([]);
    // A search of accents only finds nobody, with no error.
    expect(names(await paul.ok(MEMBERS, { org: lumiere, search: '^ \u0301' }))).toEqual([]);
  });

  it('searches names through the trigram index on their words', async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query('begin');
      // An organisation of 20,000 members (rolled back), so the planner weighs the index as in production.
      await client.query(
        `insert into person (id, created_at, first_name, last_name, email)
         select gen_random_uuid(), now(), 'Prénom' || i, 'Nom' || i, 'bulk' || i || '@bulk.test'
           from generate_series(1, 20000) i`,
      );
      await client.query(
        `insert into member (id, created_at, organisation_id, person_id, opening_date, sort_name)
         select gen_random_uuid(), now(), (select organisation_id from member limit 1), p.id, current_date,
                lower(p.last_name || ' ' || p.first_name)
           from person p where p.email like '%@bulk.test'`,
      );
      await client.query('analyze member');
      // Rows just written sit in the GIN index's pending list, which the planner prices high; sequential reads
      // are ruled out so the plan shows which index serves the predicate.
      await client.query('set local enable_seqscan = off');
      const plan = await client.query(
        `explain select f_s.id from member f_s where (' ' || f_s.sort_name) like '% amelie%'`,
      );
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      expect(text).toContain('member_sort_name_words_trgm_index');
      await client.query('rollback');
    } finally {
      await client.end();
    }
  });

  it('filters by unit subtree, group, status and service', async () => {
    const population = await idOf(t, 'Unit', `select id from unit where name = 'Service de la population'`);
    const administration = await idOf(
      t,
      'Unit',
      `select id from unit where name = 'Administration générale'`,
    );
    const accounting = await idOf(t, 'Group', `select id from member_group where name = 'Comptabilité'`);
    const billing = await idOf(t, 'Service', `select id from service where code = 'FACTURE'`);
    expect(names(await claire.ok(MEMBERS, { org: morges, unitId: population }))).toEqual([
      'Blanc',
      'Dubois',
      'Keller',
      'Meyer',
    ]);
    expect(names(await claire.ok(MEMBERS, { org: morges, unitId: administration })).length).toBe(8);
    expect(names(await claire.ok(MEMBERS, { org: morges, groupId: accounting }))).toEqual(['Perret']);
    expect(names(await claire.ok(MEMBERS, { org: morges, serviceId: billing }))).toEqual(['Perret']);
    expect(names(await claire.ok(MEMBERS, { org: morges, status: 'BLOCKED' }))).toEqual([]);
  });

  it('shows a unit admin the members of its unit and a group manager those of its group', async () => {
    const nadia = await t.as('nadia.keller@morges.demo');
    expect(names(await nadia.ok(MEMBERS, { org: morges }))).toEqual(['Blanc', 'Dubois', 'Keller', 'Meyer']);
    const sophie = await t.as('sophie.martin@lumiere.demo');
    // Accueil as seeded: Sophie and Hugo, not Lumière's other members.
    expect(names(await sophie.ok(MEMBERS, { org: lumiere }))).toEqual(['Lefèvre', 'Martin']);
  });
});

describe('organisations are sealed (rule 2)', () => {
  it('refuses an administrator of Lumière everything on Morges’ members, and changes nothing', async () => {
    const target = await memberIdOf(t, 'lucie.blanc@morges.demo');
    const group = await idOf(t, 'Group', `select id from member_group where name = 'Comptabilité'`);
    const yves = await memberIdOf(t, 'yves.perret@morges.demo');
    const list = await paul.gql(MEMBERS, { org: morges });
    expect(list.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    const detail = await paul.gql(DETAIL, { id: target });
    expect(detail.data?.node ?? null).toBeNull();
    expect(JSON.stringify(detail)).not.toContain('Blanc');
    for (const name of ['blockMember', 'archiveMember', 'sendWelcomeEmail', 'sendPasswordResetEmail']) {
      const result = await paul.ok(one(name), { id: target });
      expect(result[name], name).toMatchObject({ __typename: 'NotFoundError' });
    }
    const removed = await paul.ok(
      `mutation($id: ID!) { removeMember(input: { memberId: $id }) { ${ERROR_FIELDS} } }`,
      { id: target },
    );
    expect(removed.removeMember.__typename).toBe('NotFoundError');
    const blockedInGroup = await paul.ok(inGroup('blockMemberInGroup'), { memberId: yves, groupId: group });
    expect(blockedInGroup.blockMemberInGroup.__typename).toBe('NotFoundError');
    const removedFromGroup = await paul.ok(inGroup('removeMemberFromGroup'), {
      memberId: yves,
      groupId: group,
    });
    expect(removedFromGroup.removeMemberFromGroup.__typename).toBe('NotFoundError');
    const code = await identifierOf('tom.meyer@exemple.demo').catch(() => 'AAAA-AAAA-AAAA');
    const attach = await paul.ok(ATTACH, { input: { organisationId: morges, personalIdentifier: code } });
    expect(attach.attachMember.__typename).toBe('NotFoundError');
    const create = await paul.ok(CREATE, {
      input: {
        organisationId: morges,
        lastName: 'Intrus',
        firstName: 'Ivan',
        email: 'ivan.intrus@evil.demo',
        emailConfirmation: 'ivan.intrus@evil.demo',
        mobility: 'DESK',
      },
    });
    expect(create.createMember.__typename).toBe('NotFoundError');
    const population = await idOf(t, 'Unit', `select id from unit where name = 'Service de la population'`);
    const units = await paul.ok(
      `mutation($input: AttachMemberToUnitsInput!) { attachMemberToUnits(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { memberId: target, unitIds: [population] } },
    );
    expect(units.attachMemberToUnits.__typename).toBe('NotFoundError');
    const ownMember = await memberIdOf(t, 'sophie.martin@lumiere.demo');
    const foreignUnit = await paul.ok(
      `mutation($input: AttachMemberToUnitsInput!) { attachMemberToUnits(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { memberId: ownMember, unitIds: [population] } },
    );
    expect(foreignUnit.attachMemberToUnits).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'unitIds',
    });

    const state = await sql<{ status: string; n: number }>(
      t,
      `select m.status, (select count(*)::int from group_membership gm where gm.member_id = m.id and gm.blocked) as n
         from member m join person p on p.id = m.person_id where p.email in ('lucie.blanc@morges.demo', 'yves.perret@morges.demo')`,
    );
    expect(state).toEqual([
      { status: 'ACTIVE', n: 0 },
      { status: 'ACTIVE', n: 0 },
    ]);
    expect(await sql(t, `select 1 from person where email = 'ivan.intrus@evil.demo'`)).toHaveLength(0);
  });
});

describe('units of a member (health portal)', () => {
  it('attaches a member to more units and detaches it from one', async () => {
    const finance = await idOf(t, 'Unit', `select id from unit where name = 'Service financier'`);
    const lucie = await memberIdOf(t, 'lucie.blanc@morges.demo');
    const UNITS = `mutation($input: AttachMemberToUnitsInput!) { attachMemberToUnits(input: $input) { ${ERROR_FIELDS} ... on MutationAttachMemberToUnitsSuccess { data { units { name } } } } }`;
    const added = await claire.ok(UNITS, { input: { memberId: lucie, unitIds: [finance] } });
    expect(added.attachMemberToUnits.data.units.map((u: { name: string }) => u.name).sort()).toEqual([
      'Service de la population',
      'Service financier',
    ]);
    const nadia = await t.as('nadia.keller@morges.demo');
    const outside = await nadia.ok(
      `mutation($input: MemberUnitInput!) { detachMemberFromUnit(input: $input) { ${ERROR_FIELDS} } }`,
      { input: { memberId: lucie, unitId: finance } },
    );
    expect(outside.detachMemberFromUnit.__typename).toBe('NotAuthorisedError');
    const detached = await claire.ok(
      `mutation($input: MemberUnitInput!) { detachMemberFromUnit(input: $input) { ${ERROR_FIELDS} ... on MutationDetachMemberFromUnitSuccess { data { units { name } } } } }`,
      { input: { memberId: lucie, unitId: finance } },
    );
    expect(detached.detachMemberFromUnit.data.units).toEqual([{ name: 'Service de la population' }]);
  });
});
