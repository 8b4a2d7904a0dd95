import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Actor,
  ADMIN_ROLE_KIND_VALUES,
  type AdminRoleHolding,
  type AdminRoleKind,
  buildTopology,
  groupScope,
  organisationScope,
  type ScopeRef,
  unitScope,
} from '../model';
import { isValidRoleScope } from '../permissions/roles';
import {
  assertCanAdministerIdentity,
  canAdministerIdentity,
  type IdentityHolder,
  identityOwner,
} from './identity';

const at = new Date('2026-06-01T10:00:00Z');
const ORGS = ['A', 'B', 'C'] as const;
const topology = buildTopology({
  units: [
    { id: 'u1', parentId: null },
    { id: 'u2', parentId: 'u1' },
  ],
  groups: [
    { id: 'g1', parentId: null, unitId: 'u1' },
    { id: 'g2', parentId: 'g1', unitId: null },
  ],
});

const holder = (overrides: Partial<IdentityHolder> = {}): IdentityHolder => ({
  personId: 'p-target',
  isOperatorAdmin: false,
  createdByOrganisationId: 'B',
  memberOrganisationIds: ['B'],
  ...overrides,
});
const adminOf = (organisationId: string, ...holdings: AdminRoleHolding[]): Actor => ({
  kind: 'member',
  personId: `p-admin-${organisationId}`,
  memberId: `m-admin-${organisationId}`,
  organisationId,
  holdings,
});
const principalOfB = adminOf('B', { kind: 'PRINCIPAL_ADMIN', scope: organisationScope('B') });

describe('identityOwner', () => {
  it('is the creating organisation while the person belongs to it alone', () => {
    expect(identityOwner(holder())).toBe('B');
  });
  it('is nobody once the person is also a member elsewhere, holds an operator role, or created its own account', () => {
    expect(identityOwner(holder({ memberOrganisationIds: ['B', 'A'] }))).toBeNull();
    expect(identityOwner(holder({ isOperatorAdmin: true }))).toBeNull();
    expect(identityOwner(holder({ createdByOrganisationId: null }))).toBeNull();
    expect(identityOwner(holder({ memberOrganisationIds: ['A'] }))).toBeNull();
    expect(identityOwner(holder({ memberOrganisationIds: [] }))).toBeNull();
  });
});

describe('canAdministerIdentity', () => {
  it('lets an administrator of the owning organisation act on a plain member', () => {
    expect(canAdministerIdentity(principalOfB, holder(), [], topology, at)).toBe(true);
  });
  it('refuses an administrator of an organisation that does not own the person alone (the Lumière takeover)', () => {
    const shared = holder({ createdByOrganisationId: 'A', memberOrganisationIds: ['A', 'B'] });
    expect(canAdministerIdentity(principalOfB, shared, [], topology, at)).toBe(false);
    expect(() => assertCanAdministerIdentity(principalOfB, shared, [], topology, at)).toThrow(
      expect.objectContaining({ code: 'IDENTITY_NOT_OWNED' }),
    );
  });
  it('refuses anyone but the person itself on an operator administrator, the operator included', () => {
    const operatorPerson = holder({ isOperatorAdmin: true });
    expect(canAdministerIdentity(principalOfB, operatorPerson, [], topology, at)).toBe(false);
    expect(
      canAdministerIdentity({ kind: 'operator', personId: 'op2' }, operatorPerson, [], topology, at),
    ).toBe(false);
    expect(
      canAdministerIdentity({ kind: 'operator', personId: 'p-target' }, operatorPerson, [], topology, at),
    ).toBe(true);
  });
  it('refuses a peer or a higher administrator of the same organisation', () => {
    const principal: AdminRoleHolding[] = [{ kind: 'PRINCIPAL_ADMIN', scope: organisationScope('B') }];
    expect(canAdministerIdentity(principalOfB, holder(), principal, topology, at)).toBe(false);
    const unitAdmin = adminOf('B', { kind: 'UNIT_ADMIN', scope: unitScope('B', 'u1') });
    const referent: AdminRoleHolding[] = [{ kind: 'REFERENT', scope: organisationScope('B') }];
    expect(canAdministerIdentity(unitAdmin, holder(), referent, topology, at)).toBe(false);
  });
});

// Property: in random worlds, no sequence of actions that B's administrators can take on their own ever changes an
// identity field of a person with a membership outside B or an operator role. The actions open to B alone are:
// create a new person into B, remove a member from B, and act on an identity when canAdministerIdentity allows it
// (attaching an existing person needs the person's consent, which B's administrators cannot give).
type Person = IdentityHolder & { identityVersion: number; adminRolesInB: AdminRoleHolding[] };
type Step =
  | { kind: 'create' }
  | { kind: 'remove'; person: number }
  | { kind: 'identity'; person: number; admin: number };

const scopeArb: fc.Arbitrary<ScopeRef> = fc.constantFrom(
  organisationScope('B'),
  unitScope('B', 'u1'),
  unitScope('B', 'u2'),
  groupScope('B', 'g1'),
  groupScope('B', 'g2'),
);
const holdingArb: fc.Arbitrary<AdminRoleHolding> = fc
  .record({ kind: fc.constantFrom<AdminRoleKind>(...ADMIN_ROLE_KIND_VALUES), scope: scopeArb })
  .filter((holding) => isValidRoleScope(holding.kind, holding.scope));
const personArb = (index: number): fc.Arbitrary<Person> =>
  fc
    .record({
      isOperatorAdmin: fc.boolean().map((value) => value && index % 5 === 0),
      createdByOrganisationId: fc.constantFrom<string | null>(null, ...ORGS),
      memberOrganisationIds: fc.subarray([...ORGS]),
      adminRolesInB: fc.array(holdingArb, { maxLength: 2 }),
    })
    .map((value) => ({
      personId: `p${index}`,
      identityVersion: 0,
      ...value,
      adminRolesInB: value.memberOrganisationIds.includes('B') ? value.adminRolesInB : [],
    }));
const worldArb = fc
  .integer({ min: 1, max: 8 })
  .chain((size) => fc.tuple(...Array.from({ length: size }, (_, index) => personArb(index))));
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Step>({ kind: 'create' }),
  fc.record({ kind: fc.constant('remove' as const), person: fc.nat(20) }),
  fc.record({ kind: fc.constant('identity' as const), person: fc.nat(20), admin: fc.nat(20) }),
);

describe('rule 7 as a property', () => {
  it('B’s administrators never change the identity of a person who belongs elsewhere or holds an operator role', () => {
    fc.assert(
      fc.property(worldArb, fc.array(stepArb, { maxLength: 25 }), (initial, steps) => {
        const people: Person[] = initial.map((person) => ({ ...person }));
        const protectedAtStart = new Set(
          people
            .filter(
              (person) =>
                person.isOperatorAdmin ||
                person.memberOrganisationIds.some((organisation) => organisation !== 'B'),
            )
            .map((person) => person.personId),
        );
        for (const step of steps) {
          const admins = people.filter(
            (person) => person.memberOrganisationIds.includes('B') && person.adminRolesInB.length > 0,
          );
          if (step.kind === 'create') {
            people.push({
              personId: `new${people.length}`,
              isOperatorAdmin: false,
              createdByOrganisationId: 'B',
              memberOrganisationIds: ['B'],
              identityVersion: 0,
              adminRolesInB: [],
            });
          } else if (step.kind === 'remove') {
            const target = people[step.person % people.length]!;
            target.memberOrganisationIds = target.memberOrganisationIds.filter((id) => id !== 'B');
            target.adminRolesInB = [];
          } else if (admins.length > 0) {
            const admin = admins[step.admin % admins.length]!;
            const target = people[step.person % people.length]!;
            const actor = adminOf('B', ...admin.adminRolesInB);
            const asAdmin: Actor = { ...actor, personId: admin.personId };
            // A person acting on its own account is the person, not an administrator of B.
            if (
              target.personId !== admin.personId &&
              canAdministerIdentity(asAdmin, target, target.adminRolesInB, topology, at)
            )
              target.identityVersion += 1;
          }
        }
        return people.every(
          (person) => !(protectedAtStart.has(person.personId) && person.identityVersion > 0),
        );
      }),
      { numRuns: 1500 },
    );
  });

  it('an administrator of B never acts on a person whose memberships reach outside B (direct check, 2,000 cases)', () => {
    fc.assert(
      fc.property(personArb(1), fc.array(holdingArb, { minLength: 1, maxLength: 3 }), (person, holdings) => {
        const actor = adminOf('B', ...holdings);
        const allowed = canAdministerIdentity(actor, person, person.adminRolesInB, topology, at);
        const belongsElsewhere =
          person.isOperatorAdmin || person.memberOrganisationIds.some((organisation) => organisation !== 'B');
        if (belongsElsewhere || identityOwner(person) !== 'B') expect(allowed).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
