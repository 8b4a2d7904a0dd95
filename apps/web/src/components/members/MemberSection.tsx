import { Card, Group, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled card of the member page; its heading names the region. */
export function MemberSection({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card component="section" aria-labelledby={id} p="lg">
      <Title order={2} id={id} fz="lg" mb="md">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** One term and its value in a description list. */
export function Fact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text component="dt" fz="sm" c="dimmed" w={150}>
        {label}
      </Text>
      <Text component="dd" fz="sm" m={0} miw={0}>
        {value}
      </Text>
    </Group>
  );
}
