import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { IconUserShield } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useViewer } from '../../auth/use-viewer';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { formatDate } from '../../lib/format';
import { MemberForcePasswordChange, MemberForcePasswordChangeFragment } from './MemberForcePasswordChange';
import { MemberHelpActions, MemberHelpActionsFragment } from './MemberHelpActions';
import { Fact, MemberSection } from './MemberSection';

export const MemberIdentityFragment = graphql(
  `
  fragment MemberIdentity on Member {
    id
    mobility
    openingDate
    lastSignInAt
    person { id email backupEmail pendingBackupEmail }
    viewerCan { help }
    ...MemberHelpActions
    ...MemberForcePasswordChange
  }
`,
  [MemberHelpActionsFragment, MemberForcePasswordChangeFragment],
);

/** Who the member is (addresses, mobility, dates) and, for an administrator who may, help with its account. */
export function MemberIdentity({
  member: masked,
  reload,
}: {
  member: FragmentOf<typeof MemberIdentityFragment>;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const member = readFragment(MemberIdentityFragment, masked);
  // One's own page: the person changes its identity from its account, nothing to explain here.
  const isSelf = useViewer().person.id === member.person.id;
  const date = (value: string) => formatDate(value);
  return (
    <MemberSection id="identity-title" title={t('member.identityTitle')}>
      <Stack component="dl" gap={8} m={0}>
        <Fact label={t('member.email')} value={member.person.email} />
        {(member.person.backupEmail || member.person.pendingBackupEmail) && (
          <Fact
            label={t('account.backupLabel')}
            value={
              <Stack gap={4}>
                <span>{member.person.backupEmail ?? '—'}</span>
                {member.person.pendingBackupEmail && (
                  <Group gap={6} data-testid="member-pending-backup-email">
                    <Badge color="yellow" variant="light" size="sm">
                      {t('backupEmail.awaiting')}
                    </Badge>
                    <Text fz="sm" c="dimmed" span style={{ overflowWrap: 'anywhere' }}>
                      {member.person.pendingBackupEmail}
                    </Text>
                  </Group>
                )}
              </Stack>
            }
          />
        )}
        <Fact
          label={t('member.mobility')}
          value={member.mobility ? t(`members.mobility.${member.mobility}`) : '—'}
        />
        <Fact label={t('member.openingDate')} value={date(member.openingDate)} />
        <Fact
          label={t('member.lastSignIn')}
          value={member.lastSignInAt ? date(member.lastSignInAt) : t('member.neverSignedIn')}
        />
      </Stack>
      {member.viewerCan.help ? (
        <MemberHelpActions member={member} reload={reload} />
      ) : isSelf ? null : (
        <Alert
          mt="lg"
          color="gray"
          variant="light"
          icon={<IconUserShield aria-hidden="true" />}
          title={t('identity.notOwnedTitle')}
          data-testid="identity-not-owned"
        >
          {t('identity.notOwned')}
        </Alert>
      )}
      <MemberForcePasswordChange member={member} />
    </MemberSection>
  );
}
