import { NavLink, type NavLinkProps, ScrollArea, Text } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import type { AnchorHTMLAttributes, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import type { ViewerData } from '../../auth/viewer';
import { navItemsFor } from './navigation';

type NavLinkAnchorProps = NavLinkProps &
  Omit<AnchorHTMLAttributes<HTMLAnchorElement>, keyof NavLinkProps> & { ref?: Ref<HTMLAnchorElement> };

function NavLinkAnchor(props: NavLinkAnchorProps) {
  // The router marks the current page with aria-current="page"; mirror it in Mantine's active style.
  return <NavLink component="a" active={props['aria-current'] === 'page'} {...props} />;
}

const RouterNavLink = createLink(NavLinkAnchor);

export function MainNav({ acting, onNavigate }: { acting: ViewerData['acting']; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const items = navItemsFor(acting);
  const section = acting?.kind === 'OPERATOR' ? t('nav.operatorSection') : t('nav.organisationSection');

  return (
    <ScrollArea type="auto" px="sm" py="md">
      {acting && (
        <Text component="p" size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" mb={6} lts={0.5}>
          {section}
        </Text>
      )}
      {items.map((item) => (
        <RouterNavLink
          key={item.to}
          to={item.to}
          activeOptions={{ exact: item.to === '/' }}
          label={t(item.label)}
          leftSection={<item.icon size={18} stroke={1.7} aria-hidden="true" />}
          onClick={onNavigate}
          fw={500}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
          mb={2}
        />
      ))}
    </ScrollArea>
  );
}
