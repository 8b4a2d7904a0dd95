import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp, type TestClient } from './app.js';
import { testData } from './builders.js';
import { graphql, nodeAs, type ResultOf } from './graphql.js';
import { actingOrganisationId, ERROR_FIELDS, siren, sql } from './tenants.js';

let t: TestApp;
let operator: TestClient;
let claire: TestClient;
let paul: TestClient;
let morgesId: string;
let lumiereId: string;

beforeAll(async () => {
  t = await startTestApp();
  [operator, claire, paul] = await Promise.all([
    t.as('operateur@tessera.demo'),
    t.as('claire.morel@morges.demo'),
    t.as('paul.girard@lumiere.demo'),
  ]);
  [morgesId, lumiereId] = await Promise.all([actingOrganisationId(claire), actingOrganisationId(paul)]);
});
afterAll(async () => t?.stop());

const ORGANISATIONS =
  graphql(`query Organisations($first: Int, $after: String, $search: String, $status: OrganisationStatus) {
  organisations(first: $first, after: $after, search: $search, status: $status) {
    edges { cursor node { id name status registryKind registryNumber } }
    pageInfo { hasNextPage endCursor }
  }
}`);

const CREATE = `mutation($input: CreateOrganisationInput!) {
  createOrganisation(input: $input) {
    ${ERROR_FIELDS}
    ... on MutationCreateOrganisationSuccess { data { id name status registryKind registryNumber } }
  }
}`;

async function createOrganisation(name: string, number: string) {
  const result = await operator.ok(CREATE, {
    input: { name, registryKind: 'SIREN', registryNumber: number },
  });
  expect(result.createOrganisation.__typename).toBe('MutationCreateOrganisationSuccess');
  return result.createOrganisation.data as { id: string; name: string };
}

describe('the operator’s list of organisations', () => {
  it('pages by name without gaps or repeats', async () => {
    const all = await operator.ok(ORGANISATIONS, { first: 50 });
    const names = all.organisations.edges.map((e) => e.node.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(
      expect.arrayContaining(['Commune de Morges', 'Centre social Lumière', 'Transports Léman SA']),
    );
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: ResultOf<typeof ORGANISATIONS> = await operator.ok(ORGANISATIONS, { first: 1, after });
      expect(page.organisations.edges.length).toBeLessThanOrEqual(1);
      seen.push(...page.organisations.edges.map((e) => e.node.name));
      after = page.organisations.pageInfo.hasNextPage ? page.organisations.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(names);
  });

  it('searches any part of the name, case-insensitively, or the start of the registry number', async () => {
    const byName = await operator.ok(ORGANISATIONS, { search: 'MORG' });
    expect(byName.organisations.edges.map((e) => e.node.name)).toEqual(['Commune de Morges']);
    const byNumber = await operator.ok(ORGANISATIONS, { search: '4521' });
    expect(byNumber.organisations.edges.map((e) => e.node.name)).toEqual(['Centre social Lumière']);
    const wildcard = await operator.ok(ORGANISATIONS, { search: '%' });
    expect(wildcard.organisations.edges).toEqual([]);
  });

  it('filters by status', async () => {
    const pending = await operator.ok(ORGANISATIONS, { status: 'PENDING_ACTIVATION' });
    expect(pending.organisations.edges.map((e) => e.node.name)).toContain('Transports Léman SA');
    expect(pending.organisations.edges.every((e) => e.node.status === 'PENDING_ACTIVATION')).toBe(true);
  });

  it('is the operator’s only: an organisation admin is refused', async () => {
    const result = await claire.gql(ORGANISATIONS);
    expect(result.data?.organisations ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
  });

  it('answers a forged cursor with an input error naming it', async () => {
    const result = await operator.gql(ORGANISATIONS, { after: 'bm90LWEtY3Vyc29y' });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_INPUT', field: 'after' });
  });
});

describe('creating an organisation', () => {
  it('normalises a valid SIREN, waits for activation and audits the operator', async () => {
    const number = siren('73282932');
    const spaced = `${number.slice(0, 3)} ${number.slice(3, 6)} ${number.slice(6)}`;
    const result = await operator.ok(CREATE, {
      input: { name: '  Maison   des familles ', registryKind: 'SIREN', registryNumber: spaced },
    });
    expect(result.createOrganisation.data).toMatchObject({
      name: 'Maison des familles',
      status: 'PENDING_ACTIVATION',
      registryNumber: number,
    });
    const id = Buffer.from(result.createOrganisation.data.id, 'base64').toString().split(':')[1];
    const [event] = await sql(
      t,
      `select acting_as, after from audit_event where action = 'organisation.created' and target_id = $1`,
      [id],
    );
    expect(event).toMatchObject({
      acting_as: 'OPERATOR',
      after: { name: 'Maison des familles', status: 'PENDING_ACTIVATION' },
    });
  });

  it('names the faulty field of bad input', async () => {
    const badNumber = await operator.ok(CREATE, {
      input: { name: 'X', registryKind: 'SIREN', registryNumber: '123456789' },
    });
    expect(badNumber.createOrganisation).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'registryNumber',
    });
    const noName = await operator.ok(CREATE, {
      input: { name: '   ', registryKind: 'SIREN', registryNumber: siren('11122233') },
    });
    expect(noName.createOrganisation).toMatchObject({ __typename: 'InvalidInputError', field: 'name' });
    const badIde = await operator.ok(CREATE, {
      input: { name: 'X', registryKind: 'IDE', registryNumber: 'CHE-109.624.384' },
    });
    expect(badIde.createOrganisation).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'registryNumber',
    });
  });

  it('refuses a registry number already registered, however it is written', async () => {
    const result = await operator.ok(CREATE, {
      input: { name: 'Copie', registryKind: 'IDE', registryNumber: 'che109624383 tva' },
    });
    expect(result.createOrganisation).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      field: 'registryNumber',
    });
    const rows = await sql(t, `select count(*)::int as n from organisation where name = 'Copie'`);
    expect(rows[0]!.n).toBe(0);
  });

  it('is refused to an organisation admin, with nothing written', async () => {
    const result = await claire.ok(CREATE, {
      input: { name: 'Intrus', registryKind: 'SIREN', registryNumber: siren('55566677') },
    });
    expect(result.createOrganisation).toMatchObject({ __typename: 'NotAuthorisedError' });
    expect((await sql(t, `select count(*)::int as n from organisation where name = 'Intrus'`))[0]!.n).toBe(0);
  });
});

const SUSPEND = `mutation($input: OrganisationIdInput!) { suspendOrganisation(input: $input) { ${ERROR_FIELDS} ... on MutationSuspendOrganisationSuccess { data { status suspendedAt } } } }`;
const REACTIVATE = `mutation($input: OrganisationIdInput!) { reactivateOrganisation(input: $input) { ${ERROR_FIELDS} ... on MutationReactivateOrganisationSuccess { data { status suspendedAt } } } }`;
const ACTIVATE = `mutation($input: OrganisationIdInput!) { activateOrganisation(input: $input) { ${ERROR_FIELDS} ... on MutationActivateOrganisationSuccess { data { status activatedAt } } } }`;

describe('suspending and reactivating', () => {
  it('cuts the organisation’s admins off until the operator lifts the suspension', async () => {
    const suspended = await operator.ok(SUSPEND, { input: { organisationId: lumiereId } });
    expect(suspended.suspendOrganisation.data.status).toBe('SUSPENDED');
    const locked = await paul.gql(
      `query($id: ID!) { units(organisationId: $id) { edges { node { id } } } }`,
      { id: lumiereId },
    );
    expect(locked.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');

    const again = await operator.ok(SUSPEND, { input: { organisationId: lumiereId } });
    expect(again.suspendOrganisation).toMatchObject({
      __typename: 'RuleViolationError',
      code: 'INVALID_TRANSITION',
    });

    const reactivated = await operator.ok(REACTIVATE, { input: { organisationId: lumiereId } });
    expect(reactivated.reactivateOrganisation.data).toEqual({ status: 'ACTIVE', suspendedAt: null });
    const back = await paul.gql(`query($id: ID!) { units(organisationId: $id) { edges { node { id } } } }`, {
      id: lumiereId,
    });
    expect(back.errors).toBeUndefined();
    const actions = await sql(
      t,
      `select action, acting_as from audit_event where organisation = $1 and action like 'organisation.%' order by id`,
      [
        (await sql<{ id: string }>(t, `select id from organisation where name = 'Centre social Lumière'`))[0]!
          .id,
      ],
    );
    expect(actions).toEqual([
      { action: 'organisation.suspended', acting_as: 'OPERATOR' },
      { action: 'organisation.reactivated', acting_as: 'OPERATOR' },
    ]);
  });

  it('brings a never-activated organisation back to pending, not active', async () => {
    const created = await createOrganisation('Crèche des Pins', siren('81234567'));
    await operator.ok(SUSPEND, { input: { organisationId: created.id } });
    const back = await operator.ok(REACTIVATE, { input: { organisationId: created.id } });
    expect(back.reactivateOrganisation.data.status).toBe('PENDING_ACTIVATION');
  });

  it('is the operator’s only', async () => {
    const result = await claire.ok(SUSPEND, { input: { organisationId: morgesId } });
    expect(result.suspendOrganisation.__typename).toBe('NotAuthorisedError');
  });
});

describe('activation by the principal admin (CSAM)', () => {
  it('activates a pending organisation once', async () => {
    const anne = await t.as('anne.dupuis@leman.demo');
    const lemanId = await actingOrganisationId(anne);
    const status = await anne.ok(`query($id: ID!) { node(id: $id) { ... on Organisation { status } } }`, {
      id: lemanId,
    });
    expect(status.node.status).toBe('PENDING_ACTIVATION');
    const result = await anne.ok(ACTIVATE, { input: { organisationId: lemanId } });
    expect(result.activateOrganisation.data.status).toBe('ACTIVE');
    expect(result.activateOrganisation.data.activatedAt).toBeTruthy();
    const twice = await anne.ok(ACTIVATE, { input: { organisationId: lemanId } });
    expect(twice.activateOrganisation).toMatchObject({
      __typename: 'RuleViolationError',
      code: 'INVALID_TRANSITION',
    });
  });

  it('is refused to a referent, and another organisation’s admin finds nothing', async () => {
    const created = await createOrganisation('Garage du Lac', siren('90807060'));
    const marc = await t.as('marc.favre@morges.demo');
    // Activation belongs to the principal admin: the referent is refused before the status is even looked at.
    expect(
      (await marc.ok(ACTIVATE, { input: { organisationId: morgesId } })).activateOrganisation.__typename,
    ).toBe('NotAuthorisedError');
    const fromOutside = await claire.ok(ACTIVATE, { input: { organisationId: created.id } });
    expect(fromOutside.activateOrganisation).toMatchObject({ __typename: 'NotFoundError' });
    const { status } = (
      await sql<{ status: string }>(t, `select status from organisation where name = 'Garage du Lac'`)
    )[0]!;
    expect(status).toBe('PENDING_ACTIVATION');
  });
});

describe('the catalogue', () => {
  const CREATE_SERVICE = `mutation($input: CreateServiceInput!) { createService(input: $input) { ${ERROR_FIELDS} ... on MutationCreateServiceSuccess { data { id code name accessLevel roles { code } } } } }`;
  const CREATE_ROLE = `mutation($input: CreateServiceRoleInput!) { createServiceRole(input: $input) { ${ERROR_FIELDS} ... on MutationCreateServiceRoleSuccess { data { id code name service { code } } } } }`;
  const UPDATE_SERVICE = `mutation($input: UpdateServiceInput!) { updateService(input: $input) { ${ERROR_FIELDS} ... on MutationUpdateServiceSuccess { data { name description accessLevel } } } }`;

  it('creates a service and its roles, refusing duplicate and malformed codes', async () => {
    const created = await operator.ok(CREATE_SERVICE, {
      input: { code: 'aides-loc', name: 'Aides au logement', accessLevel: 'PROTECTED' },
    });
    expect(created.createService.data).toMatchObject({
      code: 'AIDES-LOC',
      name: 'Aides au logement',
      roles: [],
    });
    const serviceId = created.createService.data.id;
    const duplicate = await operator.ok(CREATE_SERVICE, {
      input: { code: 'AIDES-LOC', name: 'Autre', accessLevel: 'FREE' },
    });
    expect(duplicate.createService).toMatchObject({ __typename: 'ConflictError' });
    const malformed = await operator.ok(CREATE_SERVICE, {
      input: { code: 'a b', name: 'X', accessLevel: 'FREE' },
    });
    expect(malformed.createService).toMatchObject({ __typename: 'InvalidInputError', field: 'code' });

    const role = await operator.ok(CREATE_ROLE, {
      input: { serviceId, code: 'Instruction', name: 'Instruction' },
    });
    expect(role.createServiceRole.data).toMatchObject({
      code: 'instruction',
      service: { code: 'AIDES-LOC' },
    });
    const again = await operator.ok(CREATE_ROLE, { input: { serviceId, code: 'instruction', name: 'Bis' } });
    expect(again.createServiceRole).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });

    const updated = await operator.ok(UPDATE_SERVICE, {
      input: {
        serviceId,
        name: 'Aides au logement (APL)',
        description: 'Instruction des dossiers',
        accessLevel: 'FREE',
      },
    });
    expect(updated.updateService.data).toEqual({
      name: 'Aides au logement (APL)',
      description: 'Instruction des dossiers',
      accessLevel: 'FREE',
    });
    const list = await claire.ok(`{ services(search: "apl") { edges { node { code roles { code } } } } }`);
    expect(list.services.edges).toEqual([{ node: { code: 'AIDES-LOC', roles: [{ code: 'instruction' }] } }]);
  });

  it('is changed by the operator only', async () => {
    const result = await claire.ok(CREATE_SERVICE, {
      input: { code: 'PIRATE', name: 'X', accessLevel: 'FREE' },
    });
    expect(result.createService.__typename).toBe('NotAuthorisedError');
  });
});

describe('agreements', () => {
  const CREATE_AGREEMENT = `mutation($input: CreateAgreementInput!) { createAgreement(input: $input) { ${ERROR_FIELDS} ... on MutationCreateAgreementSuccess { data { id reference validFrom validUntil items { id } } } } }`;
  const ADD_ITEM = `mutation($input: AddAgreementItemInput!) { addAgreementItem(input: $input) { ${ERROR_FIELDS} ... on MutationAddAgreementItemSuccess { data { id inForce serviceRole { code service { code } } } } } }`;
  const REMOVE_ITEM = `mutation($input: RemoveAgreementItemInput!) { removeAgreementItem(input: $input) { ${ERROR_FIELDS} ... on MutationRemoveAgreementItemSuccess { data { items { serviceRole { code } } } } } }`;
  const AGREEMENT_OF = graphql(
    `query AgreementOf($id: ID!) { node(id: $id) { ... on Organisation { agreement { reference items { inForce validUntil serviceRole { code service { code } } } } } } }`,
  );
  const ITEMS = graphql(
    `query AgreementItems($id: ID!) { node(id: $id) { ... on Agreement { items { id serviceRole { code } } } } }`,
  );
  let partnerId: string;
  const roles: Record<string, string> = {};

  beforeAll(async () => {
    partnerId = (await createOrganisation('Centre de loisirs', siren('66554433'))).id;
    const catalogue = await operator.ok(
      `{ services(search: "CDAP") { edges { node { roles { id code } } } } }`,
    );
    for (const role of catalogue.services.edges[0].node.roles) roles[role.code] = role.id;
  });

  it('creates one agreement per organisation with a coherent validity', async () => {
    const reversed = await operator.ok(CREATE_AGREEMENT, {
      input: {
        organisationId: partnerId,
        reference: 'CAF-2026-7',
        validFrom: '2026-06-01',
        validUntil: '2026-01-01',
      },
    });
    expect(reversed.createAgreement).toMatchObject({ __typename: 'InvalidInputError', field: 'validUntil' });
    const created = await operator.ok(CREATE_AGREEMENT, {
      input: { organisationId: partnerId, reference: 'CAF-2026-7', validFrom: '2026-01-01' },
    });
    expect(created.createAgreement.data).toMatchObject({
      reference: 'CAF-2026-7',
      validFrom: '2026-01-01',
      validUntil: null,
      items: [],
    });
    const agreementId: string = created.createAgreement.data.id;
    expect(nodeAs((await operator.ok(ITEMS, { id: agreementId })).node, 'Agreement').items).toEqual([]);
    const second = await operator.ok(CREATE_AGREEMENT, {
      input: { organisationId: partnerId, reference: 'X', validFrom: '2026-01-01' },
    });
    expect(second.createAgreement).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
  });

  it('adds service roles, each once, and an item that ended is not in force', async () => {
    // An organisation of its own with an empty agreement, whatever the tests around it did.
    const partner = await testData(t).organisation();
    const partnerId = partner.gid;
    const agreementId = partner.agreement.gid;
    const consultation = await operator.ok(ADD_ITEM, {
      input: { agreementId, serviceRoleId: roles.consultation },
    });
    expect(consultation.addAgreementItem.data).toMatchObject({
      inForce: true,
      serviceRole: { code: 'consultation', service: { code: 'CDAP' } },
    });
    const ended = await operator.ok(ADD_ITEM, {
      input: { agreementId, serviceRoleId: roles.saisie, validFrom: '2025-01-01', validUntil: '2025-12-31' },
    });
    expect(ended.addAgreementItem.data.inForce).toBe(false);
    const duplicate = await operator.ok(ADD_ITEM, {
      input: { agreementId, serviceRoleId: roles.consultation },
    });
    expect(duplicate.addAgreementItem).toMatchObject({ __typename: 'ConflictError', field: 'serviceRoleId' });
    const wrongKind = await operator.ok(ADD_ITEM, { input: { agreementId, serviceRoleId: partnerId } });
    expect(wrongKind.addAgreementItem).toMatchObject({
      __typename: 'InvalidInputError',
      field: 'serviceRoleId',
    });
  });

  it('removes a service role from the agreement', async () => {
    const partner = await testData(t).organisation();
    const partnerId = partner.gid;
    const agreementId = partner.agreement.gid;
    for (const input of [
      { agreementId, serviceRoleId: roles.consultation },
      { agreementId, serviceRoleId: roles.saisie, validFrom: '2025-01-01', validUntil: '2025-12-31' },
    ])
      expect((await operator.ok(ADD_ITEM, { input })).addAgreementItem.__typename).toBe(
        'MutationAddAgreementItemSuccess',
      );
    const agreement = nodeAs((await operator.ok(AGREEMENT_OF, { id: partnerId })).node, 'Organisation');
    expect(agreement.agreement?.items).toHaveLength(2);
    const items = nodeAs((await operator.ok(ITEMS, { id: agreementId })).node, 'Agreement').items;
    const itemId = items.find((i) => i.serviceRole.code === 'saisie')?.id;
    expect(itemId).toBeDefined();
    const removed = await operator.ok(REMOVE_ITEM, { input: { agreementItemId: itemId } });
    expect(removed.removeAgreementItem.data.items).toEqual([{ serviceRole: { code: 'consultation' } }]);
    const [event] = await sql(
      t,
      `select acting_as, before from audit_event where action = 'agreement-item.removed' and organisation = $1`,
      [partner.id],
    );
    expect(event).toMatchObject({ acting_as: 'OPERATOR', before: { validUntil: '2025-12-31' } });
  });

  it('is read by the organisation’s granting admins, not by its plain members nor by others', async () => {
    const own = nodeAs((await paul.ok(AGREEMENT_OF, { id: lumiereId })).node, 'Organisation').agreement;
    expect(own?.reference).toBe('CAF-PART-2026-0042');
    expect(own?.items.map((i) => i.serviceRole.code).sort()).toEqual(['commande', 'consultation', 'saisie']);
    const manager = await t.as('sophie.martin@lumiere.demo');
    expect(
      nodeAs((await manager.ok(AGREEMENT_OF, { id: lumiereId })).node, 'Organisation').agreement?.reference,
    ).toBe('CAF-PART-2026-0042');
    const hugo = await t.as('hugo.lefevre@lumiere.demo');
    const plain = await hugo.gql(AGREEMENT_OF, { id: lumiereId });
    expect(plain.data?.node && 'agreement' in plain.data.node ? plain.data.node.agreement : null).toBeNull();
    expect(plain.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    const other = await claire.gql(AGREEMENT_OF, { id: lumiereId });
    // Another organisation is not even there for Claire: the same answer as an unknown id (rule 2).
    expect(other.data?.node).toBeNull();
    expect(other.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(JSON.stringify(other)).not.toContain('CAF-PART');
  });

  it('is changed by the operator only', async () => {
    const { agreement } = await testData(t).organisation();
    const result = await paul.ok(ADD_ITEM, {
      input: { agreementId: agreement.gid, serviceRoleId: roles.validation },
    });
    expect(result.addAgreementItem.__typename).toBe('NotAuthorisedError');
  });
});

describe('units', () => {
  const UNITS =
    graphql(`query Units($id: ID!, $first: Int, $after: String) { units(organisationId: $id, first: $first, after: $after) {
    edges { node { id name memberCount parent { name } children { name } } } pageInfo { hasNextPage endCursor } } }`);
  const CREATE_UNIT = `mutation($input: CreateUnitInput!) { createUnit(input: $input) { ${ERROR_FIELDS} ... on MutationCreateUnitSuccess { data { id name parent { name } } } } }`;
  const RENAME_UNIT = `mutation($input: RenameUnitInput!) { renameUnit(input: $input) { ${ERROR_FIELDS} ... on MutationRenameUnitSuccess { data { name } } } }`;
  const MOVE_UNIT = `mutation($input: MoveUnitInput!) { moveUnit(input: $input) { ${ERROR_FIELDS} ... on MutationMoveUnitSuccess { data { version parent { name } } } } }`;
  const DELETE_UNIT = `mutation($input: UnitIdInput!) { deleteUnit(input: $input) { ${ERROR_FIELDS} ... on MutationDeleteUnitSuccess { data } } }`;
  const byName = async (client: TestClient, name: string) => {
    const data = await client.ok(UNITS, { id: morgesId, first: 200 });
    return data.units.edges.map((e) => e.node).find((u) => u.name === name);
  };
  const unitNamed = async (client: TestClient, name: string) => {
    const unit = await byName(client, name);
    if (!unit) throw new Error(`no unit ${name}`);
    return unit;
  };

  it('draws the tree with member counts', async () => {
    const data = await claire.ok(UNITS, { id: morgesId });
    expect(data.units.edges.map((e) => e.node)).toEqual([
      {
        id: expect.any(String),
        name: 'Administration générale',
        memberCount: 3,
        parent: null,
        children: [{ name: 'Service de la population' }, { name: 'Service financier' }],
      },
      {
        id: expect.any(String),
        name: 'Service de la population',
        memberCount: 2,
        parent: { name: 'Administration générale' },
        children: [],
      },
      {
        id: expect.any(String),
        name: 'Service financier',
        memberCount: 1,
        parent: { name: 'Administration générale' },
        children: [],
      },
    ]);
  });

  it('creates, renames and moves units, never into their own subtree', async () => {
    const root = await unitNamed(claire, 'Administration générale');
    const population = await unitNamed(claire, 'Service de la population');
    const created = await claire.ok(CREATE_UNIT, {
      input: { organisationId: morgesId, parentId: population.id, name: 'Guichet' },
    });
    expect(created.createUnit.data).toMatchObject({
      name: 'Guichet',
      parent: { name: 'Service de la population' },
    });
    const guichet = created.createUnit.data.id;
    const sameName = await claire.ok(CREATE_UNIT, {
      input: { organisationId: morgesId, parentId: population.id, name: 'guichet' },
    });
    expect(sameName.createUnit).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      field: 'name',
    });
    expect(
      (await claire.ok(RENAME_UNIT, { input: { unitId: guichet, name: 'Guichet unique' } })).renameUnit.data
        .name,
    ).toBe('Guichet unique');
    const cycle = await claire.ok(MOVE_UNIT, { input: { unitId: root.id, parentId: guichet } });
    expect(cycle.moveUnit).toMatchObject({ __typename: 'InvalidInputError', field: 'parentId' });
    const moved = await claire.ok(MOVE_UNIT, {
      input: { unitId: guichet, parentId: (await unitNamed(claire, 'Service financier')).id },
    });
    expect(moved.moveUnit.data.parent).toEqual({ name: 'Service financier' });
    const top = await claire.ok(MOVE_UNIT, { input: { unitId: guichet } });
    expect(top.moveUnit.data.parent).toBeNull();
    // A delete decided before the last move is refused as stale; decided on the unit as it is, it goes.
    const stale = await claire.ok(DELETE_UNIT, {
      input: { unitId: guichet, expectedVersion: moved.moveUnit.data.version },
    });
    expect(stale.deleteUnit).toMatchObject({ __typename: 'ConflictError', field: 'expectedVersion' });
    expect(
      (
        await claire.ok(DELETE_UNIT, {
          input: { unitId: guichet, expectedVersion: top.moveUnit.data.version },
        })
      ).deleteUnit.data,
    ).toBe(guichet);
    expect(await byName(claire, 'Guichet unique')).toBeUndefined();
  });

  it('refuses to delete a unit with sub-units or members', async () => {
    const root = await unitNamed(claire, 'Administration générale');
    const withChildren = await claire.ok(DELETE_UNIT, { input: { unitId: root.id } });
    expect(withChildren.deleteUnit).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringContaining('sub-units'),
    });
    const finance = await unitNamed(claire, 'Service financier');
    const withMembers = await claire.ok(DELETE_UNIT, { input: { unitId: finance.id } });
    expect(withMembers.deleteUnit).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringContaining('Members'),
    });
    expect(await unitNamed(claire, 'Service financier')).toBeTruthy();
  });

  it('is reshaped by organisation-wide admins only (unit:manage)', async () => {
    const nadia = await t.as('nadia.keller@morges.demo');
    const population = await unitNamed(claire, 'Service de la population');
    const refused = await nadia.ok(CREATE_UNIT, {
      input: { organisationId: morgesId, parentId: population.id, name: 'Annexe' },
    });
    expect(refused.createUnit.__typename).toBe('NotAuthorisedError');
    const marc = await t.as('marc.favre@morges.demo');
    expect(
      (await marc.ok(RENAME_UNIT, { input: { unitId: population.id, name: 'X' } })).renameUnit.__typename,
    ).toBe('NotAuthorisedError');
  });

  it('is sealed from another organisation, which finds none of them and changes nothing', async () => {
    const population = await unitNamed(claire, 'Service de la population');
    const list = await paul.gql(UNITS, { id: morgesId });
    expect(list.errors?.[0]?.extensions?.code).toBe('NOT_AUTHORISED');
    for (const [mutation, input] of [
      [RENAME_UNIT, { unitId: population.id, name: 'Pirate' }],
      [MOVE_UNIT, { unitId: population.id }],
      [DELETE_UNIT, { unitId: population.id }],
      [CREATE_UNIT, { organisationId: morgesId, name: 'Pirate' }],
      [CREATE_UNIT, { organisationId: lumiereId, parentId: population.id, name: 'Pirate' }],
    ] as const) {
      const result = await paul.ok(mutation, { input });
      expect(Object.values(result)[0]).toMatchObject({ __typename: 'NotFoundError' });
      expect(JSON.stringify(result)).not.toMatch(/population|Morges/i);
    }
    expect(await unitNamed(claire, 'Service de la population')).toMatchObject({
      parent: { name: 'Administration générale' },
    });
    expect((await sql(t, `select count(*)::int as n from unit where name = 'Pirate'`))[0]!.n).toBe(0);
  });
});
