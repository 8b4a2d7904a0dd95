import { Alert, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBuilding, IconCircleCheck, IconMailOpened } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { useChooseActingContext } from '../../auth/acting';
import { useSessionStore } from '../../auth/use-session';
import { graphql, type ResultOf } from '../../graphql';
import { describeErrorCode, describeRequestError } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { MutationError } from '../../lib/mutation';
import { ConfirmModal } from '../admin/ConfirmModal';
import { ButtonLink } from '../requests/links';

export const MyInvitationsQuery = graphql(`
  query MyInvitations {
    viewer { person { id email emailVerified } }
    myInvitations {
      id
      organisationName
      asPrincipalAdmin
      createdAt
      expiresAt
    }
  }
`);

const AcceptInvitationMutation = graphql(
  `
  mutation AcceptInvitation($input: InvitationIdInput!) {
    acceptInvitation(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);

const SendEmailVerificationMutation = graphql(
  `
  mutation SendEmailVerification {
    sendEmailVerification {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);

const DeclineInvitationMutation = graphql(
  `
  mutation DeclineInvitation($input: InvitationIdInput!) {
    declineInvitation(input: $input) {
      __typename
      ...MutationError
    }
  }
`,
  [MutationError],
);

type Invitation = ResultOf<typeof MyInvitationsQuery>['myInvitations'][number];

/** A refusal of accept or decline, as a sentence: an invitation no longer open, an archived membership. */
function refusal(t: TFunction, payload: { code: string; message?: string }) {
  // The API answers CONFLICT for both; its (English) message is the only thing telling them apart.
  if (payload.code === 'CONFLICT')
    return payload.message?.includes('archived') ? t('invitations.archived') : t('invitations.closed');
  if (payload.code === 'NOT_FOUND') return t('invitations.closed');
  return describeErrorCode(t, payload.code);
}

/**
 * The invitations waiting for the person's answer (rule 7: nobody is attached without consent). Accepting makes
 * the person a member at once; it may then act for the organisation, which also appears in the context chooser.
 */
export function InvitationsSection() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useSessionStore();
  const [{ data, error }, refetch] = useQuery({ query: MyInvitationsQuery, requestPolicy: 'network-only' });
  const [acceptState, accept] = useMutation(AcceptInvitationMutation);
  const [declineState, decline] = useMutation(DeclineInvitationMutation);
  const { choose, pending: choosing } = useChooseActingContext();
  const [declining, setDeclining] = useState<Invitation | null>(null);
  const [declineError, setDeclineError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [joined, setJoined] = useState<{ organisationId: string | null; name: string } | null>(null);
  const [acting, setActing] = useState<string | null>(null);
  const date = (value: string) => formatDate(value);
  // Answered invitations leave the list at once, before the list is read again.
  const [answered, setAnswered] = useState<ReadonlySet<string>>(new Set());
  const invitations = (data?.myInvitations ?? []).filter((invitation) => !answered.has(invitation.id));
  const answer = (id: string) => setAnswered((ids) => new Set([...ids, id]));
  const reload = () => refetch({ requestPolicy: 'network-only' });

  async function onAccept(invitation: Invitation) {
    setFailure(null);
    setActing(invitation.id);
    const before = new Set(session.getSnapshot().viewer?.memberships.map((m) => m.organisation.id) ?? []);
    const result = await accept({ input: { invitationId: invitation.id } });
    setActing(null);
    const payload = result.data?.acceptInvitation;
    if (!payload) return setFailure(describeRequestError(t, result.error));
    if (payload.__typename !== 'MutationAcceptInvitationSuccess') {
      setFailure(refusal(t, payload));
      return reload();
    }
    // The new membership is the one the refreshed viewer has and the old one had not.
    const viewer = await session.refresh();
    const added = viewer?.memberships.find((m) => !before.has(m.organisation.id));
    setJoined({ organisationId: added?.organisation.id ?? null, name: invitation.organisationName });
    answer(invitation.id);
    notifications.show({
      color: 'teal',
      message: t('invitations.accepted', { name: invitation.organisationName }),
    });
    reload();
  }

  async function onDecline() {
    if (!declining) return;
    setDeclineError(null);
    const result = await decline({ input: { invitationId: declining.id } });
    const payload = result.data?.declineInvitation;
    if (!payload) return setDeclineError(describeRequestError(t, result.error));
    if (payload.__typename !== 'MutationDeclineInvitationSuccess') {
      setDeclining(null);
      setFailure(refusal(t, payload));
      return reload();
    }
    answer(declining.id);
    setDeclining(null);
    notifications.show({ color: 'teal', message: t('invitations.declined') });
    reload();
  }

  async function actFor(organisationId: string) {
    const outcome = await choose({ organisationId });
    if (!outcome.ok) return setFailure(outcome.error);
    notifications.show({
      color: 'teal',
      message: t('chooseOrganisation.chosen', { name: outcome.viewer.acting?.organisation?.name ?? '' }),
    });
    await navigate({ to: '/' });
  }

  if (error && !data)
    return (
      <Alert color="red" role="alert">
        {describeRequestError(t, error)}
      </Alert>
    );
  const person = data?.viewer?.person;
  if (person && !person.emailVerified) return <VerifyEmailSection email={person.email} />;
  if (invitations.length === 0 && !joined && !failure) return null;

  return (
    <Card
      component="section"
      aria-labelledby="invitations-title"
      p={{ base: 'md', sm: 'xl' }}
      id="invitations"
    >
      <Group gap="sm" mb="xs" wrap="nowrap">
        <IconMailOpened size={22} aria-hidden="true" />
        <Title order={2} id="invitations-title" fz="lg">
          {t('invitations.title')}
        </Title>
      </Group>
      <Stack gap="md">
        {invitations.length > 0 && (
          <Text fz="sm" c="dimmed">
            {t('invitations.help')}
          </Text>
        )}
        {joined && (
          <Alert color="teal" variant="light" icon={<IconCircleCheck aria-hidden="true" />} role="status">
            <Group justify="space-between" gap="sm">
              <Text fz="sm">{t('invitations.accepted', { name: joined.name })}</Text>
              {joined.organisationId && (
                <Button
                  size="xs"
                  loading={choosing !== null}
                  onClick={() => joined.organisationId && void actFor(joined.organisationId)}
                >
                  {t('invitations.actFor', { name: joined.name })}
                </Button>
              )}
            </Group>
          </Alert>
        )}
        {failure && (
          <Alert color="red" variant="light" role="alert">
            {failure}
          </Alert>
        )}
        {invitations.length > 0 && (
          <Stack
            component="ul"
            gap="sm"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={t('invitations.listLabel')}
          >
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                <Group
                  justify="space-between"
                  wrap="wrap"
                  gap="sm"
                  p="md"
                  bd="1px solid var(--mantine-color-gray-3)"
                  bdrs="md"
                  data-testid="invitation"
                >
                  <Group gap="md" wrap="nowrap" miw={0} style={{ flex: '1 1 260px' }}>
                    <IconBuilding size={22} stroke={1.6} aria-hidden="true" style={{ flexShrink: 0 }} />
                    <div style={{ minWidth: 0 }}>
                      <Group gap="xs">
                        <Text fw={600}>{invitation.organisationName}</Text>
                        {invitation.asPrincipalAdmin && (
                          <Badge variant="light" size="sm">
                            {t('invitations.asPrincipalAdmin')}
                          </Badge>
                        )}
                      </Group>
                      <Text fz="sm" c="dimmed">
                        {t('invitations.sentOn', { date: date(invitation.createdAt) })} ·{' '}
                        {t('invitations.expires', { date: date(invitation.expiresAt) })}
                      </Text>
                    </div>
                  </Group>
                  <Group gap="xs" wrap="nowrap">
                    <Button
                      variant="default"
                      aria-label={t('invitations.declineNamed', { name: invitation.organisationName })}
                      disabled={acting !== null}
                      onClick={() => {
                        setDeclineError(null);
                        setDeclining(invitation);
                      }}
                    >
                      {t('invitations.decline')}
                    </Button>
                    <Button
                      aria-label={t('invitations.acceptNamed', { name: invitation.organisationName })}
                      loading={acceptState.fetching && acting === invitation.id}
                      disabled={acting !== null && acting !== invitation.id}
                      onClick={() => void onAccept(invitation)}
                    >
                      {t('invitations.accept')}
                    </Button>
                  </Group>
                </Group>
              </li>
            ))}
          </Stack>
        )}
      </Stack>
      <ConfirmModal
        opened={declining !== null}
        onClose={() => setDeclining(null)}
        title={t('invitations.declineTitle', { name: declining?.organisationName ?? '' })}
        text={t('invitations.declineText')}
        confirmLabel={t('invitations.decline')}
        onConfirm={() => void onDecline()}
        loading={declineState.fetching}
        error={declineError}
      />
    </Card>
  );
}

/** Tells a person with invitations waiting where to answer them (the dashboard, the context chooser). */
export function PendingInvitationsBanner() {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: MyInvitationsQuery, requestPolicy: 'cache-and-network' });
  const count = data?.myInvitations.length ?? 0;
  if (count === 0) return null;
  return (
    <Alert color="blue" variant="light" icon={<IconMailOpened aria-hidden="true" />} role="status">
      <Group justify="space-between" gap="sm">
        <Text fz="sm">{t('invitations.pendingBanner', { count })}</Text>
        <ButtonLink to="/account" hash="invitations" size="xs" variant="light">
          {t('invitations.seeInvitations')}
        </ButtonLink>
      </Group>
    </Alert>
  );
}

/**
 * Rule 7: invitations are shown and accepted only on an address the person proved it holds, so an account that
 * an administrator created with somebody else's address cannot take that person's invitations.
 */
function VerifyEmailSection({ email }: { email: string }) {
  const { t } = useTranslation();
  const [state, send] = useMutation(SendEmailVerificationMutation);
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  async function onSend() {
    const result = await send({});
    const payload = result.data?.sendEmailVerification;
    if (!payload) return setOutcome({ ok: false, message: describeRequestError(t, result.error) });
    if (payload.__typename !== 'MutationSendEmailVerificationSuccess')
      return setOutcome({ ok: false, message: describeErrorCode(t, payload.code) });
    setOutcome({ ok: true, message: t('verifyEmail.sent', { email }) });
  }
  return (
    <Card
      component="section"
      aria-labelledby="verify-email-title"
      p={{ base: 'md', sm: 'xl' }}
      id="invitations"
    >
      <Group gap="sm" mb="xs" wrap="nowrap">
        <IconMailOpened size={22} aria-hidden="true" />
        <Title order={2} id="verify-email-title" fz="lg">
          {t('invitations.title')}
        </Title>
      </Group>
      <Stack gap="md">
        <Text fz="sm">{t('verifyEmail.unverified')}</Text>
        {outcome && (
          <Alert color={outcome.ok ? 'teal' : 'red'} role={outcome.ok ? 'status' : 'alert'}>
            {outcome.message}
          </Alert>
        )}
        <Group>
          <Button onClick={() => void onSend()} loading={state.fetching} variant="light">
            {t('verifyEmail.send')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
