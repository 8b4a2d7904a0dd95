import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { formatDate } from '../../lib/format';
import { MemberSection } from './MemberSection';

export const MemberRolesFragment = graphql(`
  fragment MemberRoles on Member {
    id
    adminRoles { id kind unit { name } validUntil }
  }
`);

/** The member's administrator roles, or the default user role. */
export function MemberRoles({ member: masked }: { member: FragmentOf<typeof MemberRolesFragment> }) {
  const { t } = useTranslation();
  const member = readFragment(MemberRolesFragment, masked);
  const date = (value: string) => formatDate(value);
  return (
    <MemberSection id="roles-title" title={t('member.rolesTitle')}>
      {member.adminRoles.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('member.defaultRole')}
        </Text>
      ) : (
        <Stack gap="xs">
          {member.adminRoles.map((role) => (
            <Group key={role.id} gap="xs">
              <Badge variant="light">{t(`member.roleKind.${role.kind}`)}</Badge>
              {role.unit && <Text fz="sm">{role.unit.name}</Text>}
              {role.validUntil && (
                <Text fz="xs" c="dimmed">
                  {t('member.until', { date: date(role.validUntil) })}
                </Text>
              )}
            </Group>
          ))}
        </Stack>
      )}
    </MemberSection>
  );
}
