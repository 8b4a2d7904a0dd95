import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql, readFragment } from '../graphql';
import { describeErrorCode, describeRequestError } from '../lib/errors';
import { MutationError } from '../lib/mutation';
import { useSessionStore } from './use-session';
import { type ViewerData, ViewerFragment } from './viewer';

export const ChooseActingContextMutation = graphql(
  `
  mutation ChooseActingContext($input: ChooseActingContextInput!) {
    chooseActingContext(input: $input) {
      __typename
      ... on MutationChooseActingContextSuccess {
        data {
          ...ViewerFields
        }
      }
      ...MutationError
    }
  }
`,
  [ViewerFragment, MutationError],
);

export type ChooseResult = { ok: true; viewer: ViewerData } | { ok: false; error: string };

export type ActingTarget = { organisationId: string } | { asOperator: true };

export function actingTargetKey(target: ActingTarget): string {
  return 'organisationId' in target ? target.organisationId : 'operator';
}

/** Switches the acting context; on success the session starts over with an empty cache. */
export function useChooseActingContext() {
  const session = useSessionStore();
  const { t } = useTranslation();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function choose(target: ActingTarget): Promise<ChooseResult> {
    setPending(actingTargetKey(target));
    setError(null);
    const outcome = await run(target);
    setPending(null);
    if (!outcome.ok) setError(outcome.error);
    return outcome;
  }

  async function run(target: ActingTarget): Promise<ChooseResult> {
    try {
      const result = await session.client
        .mutation(ChooseActingContextMutation, { input: target })
        .toPromise();
      const payload = result.data?.chooseActingContext;
      if (result.error || !payload) return { ok: false, error: describeRequestError(t, result.error) };
      if (payload.__typename !== 'MutationChooseActingContextSuccess') {
        return { ok: false, error: describeErrorCode(t, payload.code) };
      }
      const viewer = readFragment(ViewerFragment, payload.data);
      session.replaceViewer(viewer);
      return { ok: true, viewer };
    } catch (error) {
      return { ok: false, error: describeRequestError(t, error) };
    }
  }

  return { choose, pending, error };
}
