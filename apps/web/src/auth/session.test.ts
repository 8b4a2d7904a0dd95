import type { Client } from 'urql';
import { describe, expect, it, vi } from 'vitest';
import { Session } from './session';
import type { ViewerData } from './viewer';

const claire: ViewerData = {
  person: { id: 'p1', firstName: 'Claire', lastName: 'Morel', email: 'claire.morel@morges.demo' },
  isOperatorAdmin: false,
  acting: null,
  memberships: [],
  mustChangePassword: false,
  mustAcceptTerms: false,
};

function fakeClient(viewer: ViewerData | null) {
  const query = vi.fn(() => ({ toPromise: async () => ({ data: { viewer } }) }));
  return { client: { query } as unknown as Client, query };
}

describe('Session', () => {
  it('asks the API for the viewer once, however many guards wait for it', async () => {
    const { client, query } = fakeClient(claire);
    const session = new Session(() => client);
    const [first, second] = await Promise.all([session.load(), session.load()]);
    await session.load();
    expect(first).toEqual(claire);
    expect(second).toEqual(claire);
    expect(query).toHaveBeenCalledTimes(1);
  });

  it('remembers a signed-out visitor as null', async () => {
    const session = new Session(() => fakeClient(null).client);
    expect(await session.load()).toBeNull();
    expect(session.viewer).toBeNull();
  });

  it('starts a fresh GraphQL client, and so an empty cache, when the person or context changes', () => {
    const clients = [fakeClient(null).client, fakeClient(null).client];
    const session = new Session(() => clients.shift()!);
    const before = session.client;
    const listener = vi.fn();
    session.subscribe(listener);

    session.replaceViewer(claire);

    expect(session.client).not.toBe(before);
    expect(session.viewer).toEqual(claire);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
