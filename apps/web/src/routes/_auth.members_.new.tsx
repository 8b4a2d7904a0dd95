import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Code,
  CopyButton,
  Group,
  MultiSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconAlertCircle, IconCheck, IconCopy, IconUserCheck } from '@tabler/icons-react';
import { createFileRoute, Link } from '@tanstack/react-router';
import { isNominativeEmail, isValidNationalNumber } from '@tessera/domain';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { z } from 'zod';
import { useViewer } from '../auth/use-viewer';
import { useGroupChoices, useUnitChoices } from '../components/data/choices';
import { AttachMemberDialog } from '../components/members/AttachMemberDialog';
import { GroupServicesPreview } from '../components/members/GroupServicesPreview';
import { PersonExistsPanel } from '../components/members/PersonExistsPanel';
import { PageTitle } from '../components/PageTitle';
import { graphql } from '../graphql';
import { describeErrorCode, describeRequestError } from '../lib/errors';
import { MutationError } from '../lib/mutation';

export const Route = createFileRoute('/_auth/members_/new')({
  // CSAM "créer un utilisateur" from a group's page: that group comes preselected.
  validateSearch: z.object({ groupId: z.string().max(200).optional() }),
  component: CreateMemberPage,
});

const CreateMemberMutation = graphql(
  `
  mutation CreateMember($input: CreateMemberInput!) {
    createMember(input: $input) {
      __typename
      ... on MutationCreateMemberSuccess {
        data {
          personCreated
          temporaryPassword
          member {
            id
            person {
              firstName
              lastName
              email
            }
          }
        }
      }
      ...MutationError
    }
  }
`,
  [MutationError],
);

type Field =
  | 'lastName'
  | 'firstName'
  | 'email'
  | 'emailConfirmation'
  | 'nationalNumber'
  | 'openingDate'
  | 'unitIds'
  | 'groupIds';

function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

function CreateMemberPage() {
  const { t } = useTranslation();
  const viewer = useViewer();
  const organisationId = viewer.acting?.organisation?.id ?? '';
  const { groupId: fromGroup } = Route.useSearch();
  const { options: units } = useUnitChoices(organisationId);
  const { options: groups } = useGroupChoices(organisationId);
  const [{ fetching }, create] = useMutation(CreateMemberMutation);
  const [form, setForm] = useState({
    lastName: '',
    firstName: '',
    email: '',
    emailConfirmation: '',
    nationalNumber: '',
    mobility: 'DESK' as 'DESK' | 'MOBILE',
    openingDate: today(),
    unitIds: [] as string[],
    groupIds: fromGroup ? [fromGroup] : ([] as string[]),
  });
  const [errors, setErrors] = useState<Partial<Record<Field | 'form', string>>>({});
  // PERSON_EXISTS: the field that matched an existing account and the address typed (all the screen repeats).
  // `at` starts a fresh answer (and its invitation state) at every refusal.
  const [exists, setExists] = useState<{
    field: 'email' | 'nationalNumber';
    email: string;
    at: number;
  } | null>(null);
  const [attachOpened, attachDialog] = useDisclosure(false);
  const [created, setCreated] = useState<{
    id: string;
    name: string;
    email: string;
    personCreated: boolean;
    temporaryPassword: string | null;
  } | null>(null);
  const refs = {
    lastName: useRef<HTMLInputElement>(null),
    firstName: useRef<HTMLInputElement>(null),
    email: useRef<HTMLInputElement>(null),
    emailConfirmation: useRef<HTMLInputElement>(null),
    nationalNumber: useRef<HTMLInputElement>(null),
    openingDate: useRef<HTMLInputElement>(null),
    unitIds: useRef<HTMLInputElement>(null),
    groupIds: useRef<HTMLInputElement>(null),
  };
  const set = <K extends keyof typeof form>(key: K, value: (typeof form)[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (exists && (key === exists.field || key === 'email')) {
      setExists(null);
      setErrors(({ [exists.field]: _, ...rest }) => rest);
    }
  };

  function validate(): Partial<Record<Field, string>> {
    const found: Partial<Record<Field, string>> = {};
    if (!form.lastName.trim()) found.lastName = t('createMember.required');
    if (!form.firstName.trim()) found.firstName = t('createMember.required');
    const email = form.email.trim().toLowerCase();
    if (!email) found.email = t('createMember.required');
    else if (!z.email().safeParse(email).success) found.email = t('createMember.emailInvalid');
    else if (!isNominativeEmail(email)) found.email = t('createMember.emailGeneric');
    if (!form.emailConfirmation.trim()) found.emailConfirmation = t('createMember.required');
    else if (form.emailConfirmation.trim().toLowerCase() !== email)
      found.emailConfirmation = t('createMember.emailMismatch');
    if (form.nationalNumber.trim() && !isValidNationalNumber(form.nationalNumber))
      found.nationalNumber = t('createMember.nationalNumberInvalid');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.openingDate)) found.openingDate = t('createMember.dateInvalid');
    return found;
  }

  function focusFirst(found: Partial<Record<Field, string>>) {
    const first = (Object.keys(refs) as Field[]).find((key) => found[key]);
    if (first) refs[first].current?.focus();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    setExists(null);
    if (Object.keys(found).length > 0) return focusFirst(found);
    const result = await create({
      input: {
        lastName: form.lastName,
        firstName: form.firstName,
        email: form.email,
        emailConfirmation: form.emailConfirmation,
        nationalNumber: form.nationalNumber.trim() || null,
        mobility: form.mobility,
        openingDate: form.openingDate,
        unitIds: form.unitIds,
        groupIds: form.groupIds,
      },
    });
    const payload = result.data?.createMember;
    if (!payload) return setErrors({ form: describeRequestError(t, result.error) });
    switch (payload.__typename) {
      case 'MutationCreateMemberSuccess': {
        const { member, personCreated, temporaryPassword } = payload.data;
        setCreated({
          id: member.id,
          name: `${member.person.firstName} ${member.person.lastName}`,
          email: member.person.email,
          personCreated,
          temporaryPassword: temporaryPassword ?? null,
        });
        return;
      }
      case 'InvalidInputError': {
        const field = (payload.field ?? '') as Field;
        if (field in refs) {
          const message =
            field === 'email'
              ? t('createMember.emailInvalid')
              : field === 'emailConfirmation'
                ? t('createMember.emailMismatch')
                : field === 'nationalNumber'
                  ? t('createMember.nationalNumberInvalid')
                  : t('createMember.invalid');
          setErrors({ [field]: message });
          focusFirst({ [field]: message });
        } else setErrors({ form: describeErrorCode(t, payload.code) });
        return;
      }
      case 'RuleViolationError':
        if (payload.code === 'SHARED_MAILBOX') {
          setErrors({ email: t('createMember.emailGeneric') });
          refs.email.current?.focus();
          return;
        }
        if (payload.code === 'PERSON_EXISTS') {
          const field = payload.field === 'nationalNumber' ? 'nationalNumber' : 'email';
          setExists({ field, email: form.email.trim(), at: Date.now() });
          setErrors({ [field]: t('personExists.field') });
          refs[field].current?.focus();
          return;
        }
        setErrors({ form: describeErrorCode(t, payload.code) });
        return;
      case 'ConflictError':
        setErrors(
          payload.field === 'nationalNumber'
            ? { nationalNumber: t('createMember.nationalNumberTaken') }
            : { email: t('createMember.alreadyMember') },
        );
        return;
      default:
        setErrors({ form: describeErrorCode(t, payload.code) });
    }
  }

  if (created)
    return (
      <Stack gap="xl">
        <PageTitle>{t('createMember.createdTitle')}</PageTitle>
        <Card p="xl">
          <Stack gap="md">
            <Alert color="teal" variant="light" icon={<IconUserCheck aria-hidden="true" />} role="status">
              {created.personCreated
                ? t('createMember.created', { name: created.name, email: created.email })
                : t('createMember.attachedExisting', { name: created.name })}
            </Alert>
            {created.temporaryPassword && (
              <Stack gap="xs">
                <Text fz="sm" fw={600}>
                  {t('createMember.temporaryPassword')}
                </Text>
                <Group gap="sm">
                  <Code fz="lg" px="md" py={6} data-testid="temporary-password">
                    {created.temporaryPassword}
                  </Code>
                  <CopyButton value={created.temporaryPassword}>
                    {({ copied, copy }) => (
                      <Button
                        variant="light"
                        size="xs"
                        onClick={copy}
                        leftSection={
                          copied ? (
                            <IconCheck size={14} aria-hidden="true" />
                          ) : (
                            <IconCopy size={14} aria-hidden="true" />
                          )
                        }
                      >
                        {copied ? t('account.copied') : t('account.copy')}
                      </Button>
                    )}
                  </CopyButton>
                </Group>
                <Text fz="sm" c="dimmed">
                  {t('createMember.temporaryPasswordHelp')}
                </Text>
              </Stack>
            )}
            <Group gap="sm">
              <Button
                renderRoot={(props) => (
                  <Link {...props} to="/members/$memberId" params={{ memberId: created.id }} />
                )}
              >
                {t('createMember.openMember')}
              </Button>
              <Button
                variant="default"
                onClick={() => {
                  setCreated(null);
                  setForm((f) => ({
                    ...f,
                    lastName: '',
                    firstName: '',
                    email: '',
                    emailConfirmation: '',
                    nationalNumber: '',
                  }));
                }}
              >
                {t('createMember.another')}
              </Button>
            </Group>
          </Stack>
        </Card>
      </Stack>
    );

  return (
    <Stack gap="xl">
      <div>
        <Breadcrumbs mb="xs" aria-label={t('member.breadcrumbs')}>
          <Anchor component={Link} to="/members" fz="sm">
            {t('nav.members')}
          </Anchor>
          <Text fz="sm" c="dimmed" aria-current="page">
            {t('createMember.title')}
          </Text>
        </Breadcrumbs>
        <PageTitle>{t('createMember.title')}</PageTitle>
        <Text c="dimmed" mt={6}>
          {t('createMember.subtitle')}
        </Text>
      </div>
      <Card p="xl" component="section" aria-label={t('createMember.title')}>
        <form noValidate onSubmit={(event) => void submit(event)}>
          <Stack gap="lg">
            {errors.form && (
              <Alert color="red" variant="light" icon={<IconAlertCircle aria-hidden="true" />} role="alert">
                {errors.form}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                ref={refs.lastName}
                label={t('createMember.lastName')}
                autoComplete="off"
                required
                value={form.lastName}
                error={errors.lastName}
                onChange={(e) => set('lastName', e.currentTarget.value)}
              />
              <TextInput
                ref={refs.firstName}
                label={t('createMember.firstName')}
                autoComplete="off"
                required
                value={form.firstName}
                error={errors.firstName}
                onChange={(e) => set('firstName', e.currentTarget.value)}
              />
              <TextInput
                ref={refs.email}
                label={t('createMember.email')}
                description={t('createMember.emailHelp')}
                type="email"
                autoComplete="off"
                required
                value={form.email}
                error={errors.email}
                onChange={(e) => set('email', e.currentTarget.value)}
              />
              <TextInput
                ref={refs.emailConfirmation}
                label={t('createMember.emailConfirmation')}
                description={t('createMember.emailConfirmationHelp')}
                type="email"
                autoComplete="off"
                required
                value={form.emailConfirmation}
                error={errors.emailConfirmation}
                onChange={(e) => set('emailConfirmation', e.currentTarget.value)}
              />
              <TextInput
                ref={refs.nationalNumber}
                label={t('createMember.nationalNumber')}
                description={t('createMember.nationalNumberHelp')}
                placeholder="85.07.30-033.28"
                autoComplete="off"
                value={form.nationalNumber}
                error={errors.nationalNumber}
                onChange={(e) => set('nationalNumber', e.currentTarget.value)}
              />
              <TextInput
                ref={refs.openingDate}
                label={t('createMember.openingDate')}
                description={t('createMember.openingDateHelp')}
                type="date"
                required
                value={form.openingDate}
                error={errors.openingDate}
                onChange={(e) => set('openingDate', e.currentTarget.value)}
              />
            </SimpleGrid>
            {exists && (
              <PersonExistsPanel
                key={exists.at}
                title={
                  exists.field === 'email'
                    ? t('personExists.emailTitle')
                    : t('personExists.nationalNumberTitle')
                }
                body={t('personExists.body')}
                invitation={exists.email ? { email: exists.email, unitIds: form.unitIds } : null}
                inviteLabel={t('personExists.invite')}
                invitedMessage={({ email, date }) => t('personExists.invited', { email, date })}
                onAttach={attachDialog.open}
              />
            )}
            <Radio.Group
              label={t('createMember.mobility')}
              description={t('createMember.mobilityHelp')}
              value={form.mobility}
              onChange={(value) => set('mobility', value as 'DESK' | 'MOBILE')}
            >
              <Group mt="xs">
                <Radio value="DESK" label={t('members.mobility.DESK')} />
                <Radio value="MOBILE" label={t('members.mobility.MOBILE')} />
              </Group>
            </Radio.Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <MultiSelect
                ref={refs.unitIds}
                label={t('createMember.units')}
                placeholder={t('createMember.unitsPlaceholder')}
                data={units}
                value={form.unitIds}
                error={errors.unitIds}
                searchable
                clearable
                onChange={(value) => set('unitIds', value)}
              />
              <MultiSelect
                ref={refs.groupIds}
                label={t('createMember.groups')}
                placeholder={t('createMember.groupsPlaceholder')}
                data={groups}
                value={form.groupIds}
                error={errors.groupIds}
                searchable
                clearable
                onChange={(value) => set('groupIds', value)}
              />
            </SimpleGrid>
            <GroupServicesPreview groupIds={form.groupIds} />
            <Group justify="flex-end" gap="sm">
              <Button component={Link} to="/members" variant="default">
                {t('members.cancel')}
              </Button>
              <Button type="submit" loading={fetching}>
                {t('createMember.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
      <AttachMemberDialog opened={attachOpened} onClose={attachDialog.close} units={units} />
    </Stack>
  );
}
