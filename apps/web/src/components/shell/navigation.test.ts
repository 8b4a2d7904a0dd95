import { describe, expect, it } from 'vitest';
import type { ViewerData } from '../../auth/viewer';
import { type Action, navItemsFor, withheldItemFor } from './navigation';

const organisation = {
  id: 'o1',
  name: 'Commune de Morges',
  status: 'ACTIVE' as const,
  registryKind: 'IDE' as const,
  registryNumber: 'CHE-1',
};
const acting = (may: Action[]): NonNullable<ViewerData['acting']> => ({
  kind: 'ORGANISATION',
  may,
  organisation,
});

describe('navigation offered from ActingContext.may', () => {
  it('offers a member without an admin role only its dashboard and its own requests', () => {
    expect(navItemsFor(acting([])).map((item) => item.to)).toEqual(['/', '/my-requests', '/request-service']);
  });

  it('offers a group manager its members, groups, services and requests, not administrators, units or audit', () => {
    const offered = navItemsFor(acting(['MEMBER_READ', 'GROUP_READ', 'GROUP_MANAGE', 'REQUEST_READ'])).map(
      (item) => item.to,
    );
    expect(offered).toEqual([
      '/',
      '/members',
      '/groups',
      '/services',
      '/requests',
      '/my-requests',
      '/request-service',
    ]);
  });

  it('withholds a typed address under a screen not offered, and only those', () => {
    const plain = acting([]);
    expect(withheldItemFor(plain, '/members')?.to).toBe('/members');
    expect(withheldItemFor(plain, '/members/TWVtYmVyOjE=/access')?.to).toBe('/members');
    expect(withheldItemFor(plain, '/audit-log')?.to).toBe('/audit-log');
    expect(withheldItemFor(plain, '/my-requests')).toBeNull();
    // A request's page is also its requester's.
    expect(withheldItemFor(plain, '/requests')?.to).toBe('/requests');
    expect(withheldItemFor(plain, '/requests/UmVxdWVzdDox')).toBeNull();
    expect(withheldItemFor(plain, '/account')).toBeNull();
    expect(withheldItemFor(acting(['MEMBER_READ']), '/members/x')).toBeNull();
  });
});
