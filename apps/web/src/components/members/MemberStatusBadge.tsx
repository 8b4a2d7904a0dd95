import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS = { ACTIVE: 'teal', BLOCKED: 'red', ARCHIVED: 'gray' } as const;

/** A member's status, in words and colour. */
export function MemberStatusBadge({ status }: { status: keyof typeof COLORS }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} variant="light" data-testid="member-status">
      {t(`members.status.${status}`)}
    </Badge>
  );
}
