import type { AnyVariables, Client, DocumentInput } from 'urql';

/**
 * A route loader's prefetch: starts the page's query on navigation, or on hover since links preload on intent, and
 * does not wait for it, so the page shows as before (its own loader, its own error) and finds the answer in the
 * cache or in flight.
 */
export function prefetch<Data, Variables extends AnyVariables>(
  client: Client,
  query: DocumentInput<Data, Variables>,
  variables: Variables,
): void {
  void client.query(query, variables).toPromise();
}
