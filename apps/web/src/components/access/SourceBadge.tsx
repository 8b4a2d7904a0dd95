import { Badge } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';

export interface AccessSource {
  kind: 'FREE' | 'GROUP' | 'DIRECT';
  group: { id: string; name: string } | null;
}

/** Where a role comes from: a free service, a group (linked to it), or a direct grant. */
export function SourceBadge({ source, suspended = false }: { source: AccessSource; suspended?: boolean }) {
  const { t } = useTranslation();
  const color = suspended
    ? 'gray'
    : source.kind === 'FREE'
      ? 'teal'
      : source.kind === 'GROUP'
        ? 'tessera'
        : 'violet';
  const group = source.group;
  if (source.kind === 'GROUP' && group)
    return (
      <Badge
        color={color}
        variant="light"
        renderRoot={(props) => <Link {...props} to="/groups/$groupId" params={{ groupId: group.id }} />}
        style={{ cursor: 'pointer', textTransform: 'none' }}
      >
        {t('access.source.GROUP', { name: group.name })}
      </Badge>
    );
  return (
    <Badge color={color} variant="light" style={{ textTransform: 'none' }}>
      {t(`access.source.${source.kind}`, { name: '' })}
    </Badge>
  );
}
