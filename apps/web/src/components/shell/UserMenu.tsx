import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout, IconUserCircle } from '@tabler/icons-react';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useSignOut } from '../../auth/sign-out';
import { fullName, type ViewerData } from '../../auth/viewer';

export function UserMenu({ person }: { person: ViewerData['person'] }) {
  const { t } = useTranslation();
  const { signOut, pending } = useSignOut();
  const name = fullName(person);
  const initials = `${person.firstName.charAt(0)}${person.lastName.charAt(0)}`.toUpperCase();

  return (
    <Menu position="bottom-end" width={260} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton className="header-button" aria-label={t('shell.userMenu', { name })}>
          <Group gap={8} wrap="nowrap">
            {/* Initials drawn by CSS: visible, but not text, so the button's name stays "Compte de …" (WCAG 2.5.3). */}
            <Avatar size={30} radius="xl" color="tessera" variant="filled" aria-hidden="true">
              <span className="avatar-initials" data-initials={initials} />
            </Avatar>
            <Text fz="sm" fw={500} visibleFrom="sm" data-testid="person-name">
              {name}
            </Text>
            <IconChevronDown size={16} aria-hidden="true" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          <Text fz="sm" fw={600} c="var(--mantine-color-text)">
            {name}
          </Text>
          <Text fz="xs" c="dimmed" truncate>
            {person.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item
          component={Link}
          to="/account"
          leftSection={<IconUserCircle size={16} aria-hidden="true" />}
        >
          {t('account.menu')}
        </Menu.Item>
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          disabled={pending}
          onClick={() => void signOut()}
        >
          {t('shell.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
