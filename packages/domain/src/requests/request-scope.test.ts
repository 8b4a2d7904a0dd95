import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors';
import { type Actor, type AdminRoleHolding, buildTopology, REQUEST_TYPE_VALUES } from '../model';
import { can } from '../permissions/policy';
import { reachOf, withinReach } from '../permissions/reach';
import {
  assertMayCancel,
  assertMayDecide,
  canOnRequest,
  type RequestTarget,
  requestScopes,
} from './request-scope';

// Units: admin > population, admin > finance. Groups: accounting (in finance) > payroll; reception (no unit).
const topology = buildTopology({
  units: [
    { id: 'admin', parentId: null },
    { id: 'population', parentId: 'admin' },
    { id: 'finance', parentId: 'admin' },
  ],
  groups: [
    { id: 'accounting', parentId: null, unitId: 'finance' },
    { id: 'payroll', parentId: 'accounting', unitId: null },
    { id: 'reception', parentId: null, unitId: null },
  ],
});
const at = new Date('2026-03-01T10:00:00Z');
const member = (personId: string, holdings: AdminRoleHolding[], organisationId = 'morges'): Actor => ({
  kind: 'member',
  personId,
  memberId: `m-${personId}`,
  organisationId,
  holdings,
});
const principal = member('claire', [
  { kind: 'PRINCIPAL_ADMIN', scope: { kind: 'ORGANISATION', organisationId: 'morges' } },
]);
const populationAdmin = member('nadia', [
  { kind: 'UNIT_ADMIN', scope: { kind: 'UNIT', organisationId: 'morges', unitId: 'population' } },
]);
const financeAdmin = member('yves', [
  { kind: 'UNIT_ADMIN', scope: { kind: 'UNIT', organisationId: 'morges', unitId: 'finance' } },
]);
const accountingManager = member('sophie', [
  { kind: 'GROUP_MANAGER', scope: { kind: 'GROUP', organisationId: 'morges', groupId: 'accounting' } },
]);
const otherPrincipal = member(
  'paul',
  [{ kind: 'PRINCIPAL_ADMIN', scope: { kind: 'ORGANISATION', organisationId: 'lumiere' } }],
  'lumiere',
);
const operator: Actor = { kind: 'operator', personId: 'olivia' };

const target = (overrides: Partial<RequestTarget> = {}): RequestTarget => ({
  organisationId: 'morges',
  unitId: null,
  subjectUnitIds: [],
  subjectGroupIds: [],
  ...overrides,
});

describe('requestScopes', () => {
  it('lists the organisation, the named unit, and the subject member’s units and groups, without repeats', () => {
    expect(
      requestScopes(
        target({
          unitId: 'population',
          subjectUnitIds: ['population', 'finance'],
          subjectGroupIds: ['payroll'],
        }),
      ),
    ).toEqual([
      { kind: 'ORGANISATION', organisationId: 'morges' },
      { kind: 'UNIT', organisationId: 'morges', unitId: 'population' },
      { kind: 'UNIT', organisationId: 'morges', unitId: 'finance' },
      { kind: 'GROUP', organisationId: 'morges', groupId: 'payroll' },
    ]);
  });

  it('is the organisation alone for a request naming no unit from a person who is no member yet', () => {
    expect(requestScopes(target())).toEqual([{ kind: 'ORGANISATION', organisationId: 'morges' }]);
  });
});

describe('canOnRequest', () => {
  it('lets an organisation-wide admin decide any request of its organisation, never another organisation’s', () => {
    expect(canOnRequest(principal, 'request:decide', target(), topology, at)).toBe(true);
    expect(canOnRequest(otherPrincipal, 'request:decide', target(), topology, at)).toBe(false);
    expect(canOnRequest(otherPrincipal, 'request:read', target({ unitId: 'population' }), topology, at)).toBe(
      false,
    );
  });

  it('lets a unit admin act on requests naming its unit or about members attached there, not elsewhere', () => {
    expect(
      canOnRequest(populationAdmin, 'request:decide', target({ unitId: 'population' }), topology, at),
    ).toBe(true);
    expect(
      canOnRequest(
        populationAdmin,
        'request:decide',
        target({ subjectUnitIds: ['population'] }),
        topology,
        at,
      ),
    ).toBe(true);
    expect(canOnRequest(populationAdmin, 'request:decide', target({ unitId: 'finance' }), topology, at)).toBe(
      false,
    );
    expect(canOnRequest(populationAdmin, 'request:decide', target(), topology, at)).toBe(false);
  });

  it('lets a unit admin reach members of groups sitting in its unit subtree', () => {
    expect(
      canOnRequest(financeAdmin, 'request:decide', target({ subjectGroupIds: ['payroll'] }), topology, at),
    ).toBe(true);
    expect(
      canOnRequest(financeAdmin, 'request:decide', target({ subjectGroupIds: ['reception'] }), topology, at),
    ).toBe(false);
  });

  it('lets a group manager read the requests of its group’s members but never decide them', () => {
    const about = target({ subjectGroupIds: ['payroll'] });
    expect(canOnRequest(accountingManager, 'request:read', about, topology, at)).toBe(true);
    expect(canOnRequest(accountingManager, 'request:decide', about, topology, at)).toBe(false);
  });

  it('ignores an expired delegation', () => {
    const expired = member('julie', [
      {
        kind: 'CO_ADMIN',
        scope: { kind: 'ORGANISATION', organisationId: 'morges' },
        validUntil: new Date('2026-02-28T00:00:00Z'),
      },
    ]);
    expect(canOnRequest(expired, 'request:decide', target(), topology, at)).toBe(false);
  });

  it('agrees with a list filtered by reachOf: a request is in the list exactly when canOnRequest says so', () => {
    const units = ['admin', 'population', 'finance'];
    const groups = ['accounting', 'payroll', 'reception'];
    const actors = [principal, populationAdmin, financeAdmin, accountingManager, otherPrincipal, operator];
    fc.assert(
      fc.property(
        fc.constantFrom(...actors),
        fc.option(fc.constantFrom(...units), { nil: null }),
        fc.subarray(units),
        fc.subarray(groups),
        fc.constantFrom('request:read' as const, 'request:decide' as const),
        (actor, unitId, subjectUnitIds, subjectGroupIds, action) => {
          const request = target({ unitId, subjectUnitIds, subjectGroupIds });
          const reach = reachOf(actor, action, 'morges', topology, at);
          const listed = requestScopes(request).some((scope) => withinReach(reach, scope));
          expect(listed).toBe(canOnRequest(actor, action, request, topology, at));
          expect(listed).toBe(
            requestScopes(request).some((scope) => can(actor, action, scope, topology, at)),
          );
        },
      ),
    );
  });
});

describe('assertMayDecide', () => {
  it('refuses the requester itself, even when it administers the organisation', () => {
    for (const type of REQUEST_TYPE_VALUES) {
      try {
        assertMayDecide(principal, { type, requesterPersonId: 'claire', target: target() }, topology, at);
        expect.unreachable();
      } catch (error) {
        expect(isDomainError(error, 'NOT_AUTHORISED')).toBe(true);
      }
    }
  });

  it('refuses an admin whose scope does not cover the request and accepts one whose scope does', () => {
    const request = {
      type: 'SERVICE_ACCESS' as const,
      requesterPersonId: 'lucie',
      target: target({ subjectUnitIds: ['finance'] }),
    };
    expect(() => assertMayDecide(populationAdmin, request, topology, at)).toThrow(/outside the scope/);
    expect(() => assertMayDecide(financeAdmin, request, topology, at)).not.toThrow();
    expect(() => assertMayDecide(operator, request, topology, at)).not.toThrow();
  });
});

describe('assertMayCancel', () => {
  it('lets the requester cancel and nobody else', () => {
    expect(() => assertMayCancel('lucie', 'lucie')).not.toThrow();
    expect(() => assertMayCancel('claire', 'lucie')).toThrow(/Only the person who submitted/);
  });
});
