import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const COLORS = { ACTIVE: 'teal', BLOCKED: 'red', ARCHIVED: 'gray' } as const;

/** A member's status, in words and colour. */
export function MemberStatusBadge({ status }: { status: keyof typeof COLORS }) {
  const { t } = useTranslation();
  return (
    // Never cut to "ACT…" in a narrow column: the badge keeps its whole word (issue 18).
    <Badge
      color={COLORS[status]}
      variant="light"
      data-testid="member-status"
      style={{ flexShrink: 0, overflow: 'visible' }}
      styles={{ label: { overflow: 'visible', textOverflow: 'clip' } }}
    >
      {t(`members.status.${status}`)}
    </Badge>
  );
}
