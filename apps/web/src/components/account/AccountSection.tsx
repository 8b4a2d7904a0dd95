import { Card, Group, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function Section({
  id,
  icon,
  title,
  children,
}: {
  id: string;
  icon: ReactNode;
  title: string;
  children: ReactNode;
}) {
  return (
    <Card component="section" aria-labelledby={id} p={{ base: 'md', sm: 'xl' }}>
      <Group gap="sm" mb="md" wrap="nowrap">
        {icon}
        <Title order={2} id={id} fz="lg">
          {title}
        </Title>
      </Group>
      {children}
    </Card>
  );
}
