import { Badge } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** "Un seul référent" / "Sans référent" on an organisation or a unit the API flags (continuity checks). */
export function ReferentShortageBadge({ shortage }: { shortage: 'NONE' | 'ONE' | null | undefined }) {
  const { t } = useTranslation();
  if (!shortage) return null;
  return (
    <Badge
      variant="light"
      color={shortage === 'NONE' ? 'red' : 'orange'}
      leftSection={<IconAlertTriangle size={12} aria-hidden="true" />}
      data-testid="referent-shortage"
    >
      {t(`continuity.badge.${shortage}`)}
    </Badge>
  );
}
