import type { Client } from 'urql';
import { readFragment } from '../graphql';
import { type ViewerData, ViewerFragment, ViewerQuery } from './viewer';

export interface SessionSnapshot {
  /** The GraphQL client; replaced whenever the person or their acting context changes, so no cached data crosses over. */
  client: Client;
  /** undefined until loaded, null when signed out. */
  viewer: ViewerData | null | undefined;
}

/** The signed-in person as the browser knows it, and the GraphQL client that belongs to that session. */
export class Session {
  #snapshot: SessionSnapshot;
  #pending: Promise<ViewerData | null> | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #createClient: () => Client;

  constructor(createClient: () => Client) {
    this.#createClient = createClient;
    this.#snapshot = { client: createClient(), viewer: undefined };
  }

  get client(): Client {
    return this.#snapshot.client;
  }

  get viewer(): ViewerData | null | undefined {
    return this.#snapshot.viewer;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SessionSnapshot => this.#snapshot;

  /** The current viewer, asking the API only the first time. */
  load(): Promise<ViewerData | null> {
    const known = this.#snapshot.viewer;
    if (known !== undefined) return Promise.resolve(known);
    this.#pending ??= this.refresh().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async refresh(): Promise<ViewerData | null> {
    const result = await this.client.query(ViewerQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    if (result.error) throw result.error;
    const viewer = result.data?.viewer ? readFragment(ViewerFragment, result.data.viewer) : null;
    this.#update({ ...this.#snapshot, viewer });
    return viewer;
  }

  /** Records a new person or acting context, starting from an empty cache. */
  replaceViewer(viewer: ViewerData | null) {
    this.#update({ client: this.#createClient(), viewer });
  }

  #update(snapshot: SessionSnapshot) {
    this.#snapshot = snapshot;
    for (const listener of this.#listeners) listener();
  }
}
