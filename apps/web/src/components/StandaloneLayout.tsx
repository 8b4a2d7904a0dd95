import { Box, Container, Group, type MantineSize } from '@mantine/core';
import type { ReactNode } from 'react';
import { Brand } from './Brand';
import { LanguageSwitch } from './LanguageSwitch';
import { mainContentId } from './SkipLink';

/** The frame of pages shown outside the administration shell: brand and language on top, one column below. */
export function StandaloneLayout({
  children,
  actions,
  size = 'sm',
}: {
  children: ReactNode;
  actions?: ReactNode;
  size?: MantineSize;
}) {
  return (
    <Box mih="100vh">
      <Box component="header" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="md" py="sm">
          <Group justify="space-between" wrap="nowrap">
            <Brand />
            <Group gap="sm" wrap="nowrap">
              <LanguageSwitch />
              {actions}
            </Group>
          </Group>
        </Container>
      </Box>
      <Container component="main" id={mainContentId} tabIndex={-1} size={size} py={48}>
        {children}
      </Container>
    </Box>
  );
}
