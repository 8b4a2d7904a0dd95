import {
  Alert,
  Button,
  Card,
  EmptyState,
  Group,
  Loader,
  NumberInput,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconArrowLeft, IconCircleCheck } from '@tabler/icons-react';
import { createFileRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { z } from 'zod';
import { useViewer } from '../auth/use-viewer';
import { AnchorLink } from '../components/admin/AnchorLink';
import { queryErrorMessage } from '../components/admin/field-message';
import { describeFinding } from '../components/continuity/describe';
import { Pager, useCursorPager } from '../components/data/Pager';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeRequestError } from '../lib/errors';
import { MutationError, readOutcome } from '../lib/mutation';

const KINDS = [
  'NO_PRINCIPAL_ADMIN',
  'FEWER_THAN_TWO_REFERENTS',
  'INACTIVE_ACCOUNT',
  'ATTACHED_NOWHERE',
  'ROLE_HELD_BY_INACTIVE_MEMBER',
  'DELEGATION_EXPIRED',
  'GRANT_SUSPENDED',
] as const;
const PAGE_SIZE = 50;

export const Route = createFileRoute('/_auth/continuity')({
  validateSearch: z.object({ kind: z.enum(KINDS).optional().catch(undefined) }),
  component: ContinuityPage,
});

const ContinuityFindingsQuery = graphql(`
  query ContinuityFindings($organisationId: ID!, $kind: FindingKind, $first: Int!, $after: String) {
    organisation: node(id: $organisationId) {
      __typename
      ... on Organisation {
        id
        version
        continuity {
          inactiveAfterDays
          viewerCanSetThreshold
          findings(kind: $kind, first: $first, after: $after) {
            edges {
              node {
                key
                kind
                referentCount
                organisationWide
                unit { id name }
                member { id status person { firstName lastName } }
                adminRole { id kind }
                group { id name }
              }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
      }
    }
  }
`);

const SetInactivityThresholdMutation = graphql(
  `
  mutation SetInactivityThreshold($input: SetInactivityThresholdInput!) {
    setInactivityThreshold(input: $input) {
      __typename
      ...MutationError
      ... on MutationSetInactivityThresholdSuccess { data { id version } }
    }
  }
`,
  [MutationError],
);

/** The organisation's inactivity threshold, for those who may change it (the server says so). */
function ThresholdForm({
  organisationId,
  version,
  days,
  onSaved,
}: {
  organisationId: string;
  version: number;
  days: number;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [value, setValue] = useState<string | number>(days);
  const [error, setError] = useState<string | null>(null);
  const [{ fetching }, save] = useMutation(SetInactivityThresholdMutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    const result = await save({
      input: { organisationId, inactiveAfterDays: Number(value), expectedVersion: version },
    });
    if (result.error) return setError(describeRequestError(t, result.error));
    const outcome = readOutcome(t, result.data?.setInactivityThreshold);
    if (!outcome.ok)
      return setError(
        outcome.field === 'inactiveAfterDays' ? t('continuity.thresholdForm.invalid') : outcome.message,
      );
    notifications.show({ color: 'teal', message: t('continuity.thresholdForm.saved') });
    onSaved();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-end" gap="sm">
        <NumberInput
          label={t('continuity.thresholdForm.label')}
          description={t('continuity.thresholdForm.help')}
          value={value}
          onChange={setValue}
          min={7}
          max={3650}
          allowDecimal={false}
          error={error}
          w={320}
        />
        <Button type="submit" loading={fetching}>
          {t('continuity.thresholdForm.submit')}
        </Button>
      </Group>
    </form>
  );
}

/** The findings of the continuity checks within the viewer's reach, one kind or all, a keyset page at a time. */
function ContinuityPage() {
  const { t } = useTranslation();
  const { kind } = Route.useSearch();
  const navigate = useNavigate({ from: '/continuity' });
  const organisationId = useViewer().acting?.organisation?.id ?? '';
  const pager = useCursorPager(`${organisationId}:${kind ?? ''}`);
  const [result, reexecute] = useQuery({
    query: ContinuityFindingsQuery,
    variables: { organisationId, kind: kind ?? null, first: PAGE_SIZE, after: pager.after },
    pause: !organisationId,
  });
  const organisation = result.data?.organisation;
  const continuity = organisation?.__typename === 'Organisation' ? organisation.continuity : null;
  const findings = continuity?.findings.edges.map((edge) => edge.node) ?? [];

  return (
    <Stack gap="xl">
      <div>
        <AnchorLink to="/" fz="sm">
          <Group gap={4} component="span">
            <IconArrowLeft size={14} aria-hidden="true" />
            {t('continuity.list.back')}
          </Group>
        </AnchorLink>
        <PageTitle>{t('continuity.list.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {t('continuity.subtitle')}
        </Text>
      </div>
      {continuity?.viewerCanSetThreshold && organisation?.__typename === 'Organisation' && (
        <ThresholdForm
          key={`${organisation.version}:${continuity.inactiveAfterDays}`}
          organisationId={organisationId}
          version={organisation.version}
          days={continuity.inactiveAfterDays}
          onSaved={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      {continuity && !continuity.viewerCanSetThreshold && (
        <Text fz="sm" c="dimmed">
          {t('continuity.threshold', { days: continuity.inactiveAfterDays })}
        </Text>
      )}
      <Select
        label={t('continuity.list.filter')}
        data={[
          { value: '', label: t('continuity.list.all') },
          ...KINDS.map((value) => ({ value, label: t(`continuity.kind.${value}`) })),
        ]}
        value={kind ?? ''}
        onChange={(value) =>
          void navigate({ search: { kind: value ? (value as (typeof KINDS)[number]) : undefined } })
        }
        allowDeselect={false}
        maw={420}
      />
      {result.error && !continuity && (
        <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
          {queryErrorMessage(t, result.error)}
        </Alert>
      )}
      {result.fetching && !result.data && <Loader aria-label={t('common.loading')} />}
      {continuity && findings.length === 0 && (
        <EmptyState
          variant="light"
          icon={<IconCircleCheck aria-hidden="true" />}
          title={t('continuity.none')}
          py="xl"
        />
      )}
      {continuity && findings.length > 0 && (
        <Card component="section" aria-labelledby="findings-title">
          <Text id="findings-title" component="h2" fw={650} mb="sm">
            {kind ? t(`continuity.kind.${kind}`) : t('continuity.list.all')}
          </Text>
          <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: 'none' }} data-testid="findings">
            {findings.map((finding) => {
              const sentence = describeFinding(t, finding, continuity.inactiveAfterDays);
              return (
                <Group
                  component="li"
                  key={finding.key}
                  justify="space-between"
                  wrap="nowrap"
                  py="xs"
                  style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
                >
                  <Text>{sentence}</Text>
                  {finding.member && (
                    <AnchorLink
                      to="/members/$memberId"
                      params={{ memberId: finding.member.id }}
                      fz="sm"
                      aria-label={t('continuity.list.openMember', {
                        name: `${finding.member.person.firstName} ${finding.member.person.lastName}`,
                      })}
                    >
                      {`${finding.member.person.firstName} ${finding.member.person.lastName}`}
                    </AnchorLink>
                  )}
                </Group>
              );
            })}
          </Stack>
        </Card>
      )}
      <Pager
        page={pager.page}
        hasNextPage={continuity?.findings.pageInfo.hasNextPage ?? false}
        onPrevious={pager.previous}
        onNext={() => pager.next(continuity?.findings.pageInfo.endCursor)}
      />
    </Stack>
  );
}
