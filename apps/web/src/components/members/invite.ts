import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../graphql';
import { describeErrorCode, describeRequestError, formatDelay } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { MutationError } from '../../lib/mutation';

const InviteMemberMutation = graphql(
  `
  mutation InviteMember($input: InviteMemberInput!) {
    inviteMember(input: $input) {
      __typename
      ... on MutationInviteMemberSuccess {
        data {
          invitationId
          email
          expiresAt
        }
      }
      ... on RateLimitedError {
        retryAfterSeconds
      }
      ...MutationError
    }
  }
`,
  [MutationError],
);

export interface InviteInput {
  email: string;
  organisationId?: string | null;
  unitIds?: string[];
  asPrincipalAdmin?: boolean;
}

export type InviteOutcome = { ok: true; email: string; expiresOn: string } | { ok: false; message: string };

/**
 * Sends an invitation (rule 7: nobody is attached without consent) and reads the answer as a sentence: the date
 * it expires on, or the typed refusal (one already pending, too many sent, a bad address).
 */
export function useInviteMember() {
  const { t } = useTranslation();
  const [{ fetching }, send] = useMutation(InviteMemberMutation);

  async function invite(input: InviteInput): Promise<InviteOutcome> {
    const result = await send({
      input: {
        email: input.email.trim(),
        organisationId: input.organisationId ?? null,
        unitIds: input.unitIds ?? [],
        asPrincipalAdmin: input.asPrincipalAdmin ?? false,
      },
    });
    const payload = result.data?.inviteMember;
    if (!payload) return { ok: false, message: describeRequestError(t, result.error) };
    switch (payload.__typename) {
      case 'MutationInviteMemberSuccess':
        return {
          ok: true,
          email: payload.data.email,
          expiresOn: formatDate(payload.data.expiresAt),
        };
      case 'ConflictError':
        return {
          ok: false,
          message:
            payload.field === 'email' ? t('personExists.alreadyPending') : describeErrorCode(t, payload.code),
        };
      case 'RateLimitedError':
        return {
          ok: false,
          message: t('personExists.rateLimited', { delay: formatDelay(t, payload.retryAfterSeconds) }),
        };
      case 'InvalidInputError':
        return {
          ok: false,
          message:
            payload.field === 'email'
              ? t('personExists.inviteInvalidEmail')
              : describeErrorCode(t, payload.code),
        };
      default:
        return { ok: false, message: describeErrorCode(t, payload.code) };
    }
  }

  return { invite, fetching };
}
