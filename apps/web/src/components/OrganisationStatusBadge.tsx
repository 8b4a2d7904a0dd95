import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrganisationSummary } from '../auth/viewer';

const colors: Record<OrganisationSummary['status'], string> = {
  ACTIVE: 'teal',
  PENDING_ACTIVATION: 'yellow',
  SUSPENDED: 'red',
};

export function OrganisationStatusBadge({ status }: { status: OrganisationSummary['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={colors[status]} variant="light">
      {t(`organisationStatus.${status}`)}
    </Badge>
  );
}
