import { Alert, Button, Group, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck, IconSend } from '@tabler/icons-react';
import { createFileRoute } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { PageTitle } from '../components/PageTitle';
import { ButtonLink } from '../components/requests/links';
import { graphql } from '../graphql';
import { describeRequestError, formatDelay } from '../lib/errors';
import { MutationError, readOutcome } from '../lib/mutation';

export const Route = createFileRoute('/_auth/join')({
  component: JoinPage,
});

const KINDS = ['IDE', 'SIREN', 'ENTERPRISE_NUMBER', 'FINESS'] as const;
type Kind = (typeof KINDS)[number];

const SubmitMutation = graphql(
  `
  mutation SubmitAccountCreationRequest($input: SubmitAccountCreationRequestInput!) {
    submitAccountCreationRequest(input: $input) {
      __typename
      ...MutationError
      ... on RateLimitedError { retryAfterSeconds }
      ... on MutationSubmitAccountCreationRequestSuccess { data { id state registryNumber } }
    }
  }
`,
  [MutationError],
);

/**
 * Orange "inscription": a signed-in person asks to join an organisation by its registry number. The answer
 * never says whether an organisation holds the number.
 */
function JoinPage() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Kind>('IDE');
  const [number, setNumber] = useState('');
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ registryNumber?: string; comment?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [{ fetching }, submit] = useMutation(SubmitMutation);

  async function send(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!number.trim()) {
      setErrors({ registryNumber: t('join.numberRequired') });
      return;
    }
    setErrors({});
    const outcome = await submit({
      input: { registryKind: kind, registryNumber: number, comment: comment.trim() || null },
    });
    if (outcome.error) return setFailure(describeRequestError(t, outcome.error));
    const result = outcome.data?.submitAccountCreationRequest;
    if (result?.__typename === 'RateLimitedError') {
      setFailure(t('join.rateLimited', { delay: formatDelay(t, result.retryAfterSeconds) }));
      return;
    }
    const payload = readOutcome(t, result);
    if (!payload.ok) {
      if (payload.field === 'registryNumber')
        setErrors({
          registryNumber: t(payload.code === 'CONFLICT' ? 'join.conflict' : 'join.numberInvalid'),
        });
      else if (payload.field === 'comment') setErrors({ comment: payload.message });
      else setFailure(payload.message);
      return;
    }
    setSent(true);
    setNumber('');
    setComment('');
  }

  return (
    <Stack gap="lg" maw={640}>
      <div>
        <PageTitle>{t('join.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {t('join.subtitle')}
        </Text>
      </div>
      {sent ? (
        <Alert
          color="teal"
          role="status"
          title={t('join.sentTitle')}
          icon={<IconCircleCheck aria-hidden="true" />}
        >
          <Text fz="sm">{t('join.sent')}</Text>
          <Group mt="md" gap="sm">
            <ButtonLink to="/my-requests" size="xs">
              {t('join.seeMine')}
            </ButtonLink>
            <Button variant="default" size="xs" onClick={() => setSent(false)}>
              {t('join.another')}
            </Button>
          </Group>
        </Alert>
      ) : (
        <form onSubmit={(event) => void send(event)} noValidate>
          <Stack gap="md">
            {failure && (
              <Alert color="red" role="alert" icon={<IconAlertCircle aria-hidden="true" />}>
                {failure}
              </Alert>
            )}
            <Select
              label={t('join.kind')}
              data={KINDS.map((value) => ({ value, label: t(`registryKind.${value}`) }))}
              value={kind}
              onChange={(value) => value && setKind(value as Kind)}
              allowDeselect={false}
              maw={320}
            />
            <TextInput
              label={t('join.number')}
              description={t('join.numberHelp')}
              value={number}
              onChange={(event) => setNumber(event.currentTarget.value)}
              error={errors.registryNumber}
              withAsterisk
              autoComplete="off"
              maw={420}
            />
            <Textarea
              label={t('join.comment')}
              description={t('join.commentHelp')}
              value={comment}
              onChange={(event) => setComment(event.currentTarget.value)}
              error={errors.comment}
              autosize
              minRows={3}
              maxLength={2000}
            />
            <Group>
              <Button
                type="submit"
                loading={fetching}
                leftSection={<IconSend size={16} aria-hidden="true" />}
              >
                {t('join.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
