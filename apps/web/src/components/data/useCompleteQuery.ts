import { useEffect, useMemo, useRef, useState } from 'react';
import { type AnyVariables, type CombinedError, type UseQueryArgs, useClient, useQuery } from 'urql';

interface Connection {
  edges: readonly unknown[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

type ConnectionKey<Data> = {
  [K in keyof Data]: Data[K] extends Connection ? K : never;
}[keyof Data] &
  string;

/**
 * A query whose connection `key` must be whole (the choices of a select, the nodes of a tree): the first page comes
 * through `useQuery` (cache, refetches), the next ones are fetched by cursor until `hasNextPage` is false, so a list
 * is never cut silently at a page size. The document declares `$after: String` on that connection and selects
 * `pageInfo { hasNextPage endCursor }`.
 */
export function useCompleteQuery<Data, Variables extends AnyVariables>(
  args: UseQueryArgs<Variables, Data>,
  key: ConnectionKey<Data>,
) {
  const client = useClient();
  const [first, reexecute] = useQuery<Data, Variables>(args);
  const [rest, setRest] = useState<{ from: Data | undefined; edges: unknown[]; error?: CombinedError }>({
    from: undefined,
    edges: [],
  });
  const firstPage = first.data?.[key] as Connection | undefined;
  // The next pages follow each new first page (new variables bring one), not the object a render builds.
  const request = useRef(args);
  request.current = args;

  useEffect(() => {
    const data = first.data;
    const page = data?.[key] as Connection | undefined;
    if (!data || !page?.pageInfo.hasNextPage) return;
    let cancelled = false;
    (async () => {
      const edges: unknown[] = [];
      let cursor = page.pageInfo.endCursor ?? null;
      while (cursor && !cancelled) {
        const { query, variables } = request.current;
        const next = await client
          .query<Data, Variables>(query, { ...variables, after: cursor } as Variables, {
            requestPolicy: 'network-only',
          })
          .toPromise();
        const connection = next.data?.[key] as Connection | undefined;
        if (next.error || !connection) {
          if (!cancelled) setRest({ from: data, edges, error: next.error });
          return;
        }
        edges.push(...connection.edges);
        cursor = connection.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? null) : null;
      }
      if (!cancelled) setRest({ from: data, edges });
    })();
    return () => {
      cancelled = true;
    };
  }, [client, first.data, key]);

  const complete = !firstPage?.pageInfo.hasNextPage || rest.from === first.data;
  const data = useMemo(() => {
    if (!first.data || !firstPage) return first.data;
    if (!firstPage.pageInfo.hasNextPage || rest.from !== first.data) return first.data;
    return {
      ...first.data,
      [key]: {
        ...firstPage,
        edges: [...firstPage.edges, ...rest.edges],
        pageInfo: { ...firstPage.pageInfo, hasNextPage: false },
      },
    } as Data;
  }, [first.data, firstPage, rest, key]);

  return [
    {
      ...first,
      // Until every page is in, the list is not shown as if it were whole.
      data: complete ? data : undefined,
      fetching: first.fetching || !complete,
      error: first.error ?? (rest.from === first.data ? rest.error : undefined),
    },
    reexecute,
  ] as const;
}
