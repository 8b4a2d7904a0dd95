import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type RequestTypeValue = 'ATTACHMENT' | 'ACCOUNT_CREATION' | 'SERVICE_ACCESS' | 'ROLE_CHANGE';
export type RequestStateValue = 'SUBMITTED' | 'APPROVED' | 'REFUSED' | 'CANCELLED' | 'CLOSED';

const TYPE_COLOURS: Record<RequestTypeValue, string> = {
  ATTACHMENT: 'gray',
  ACCOUNT_CREATION: 'grape',
  SERVICE_ACCESS: 'blue',
  ROLE_CHANGE: 'cyan',
};

export function RequestTypeBadge({ type }: { type: RequestTypeValue }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={TYPE_COLOURS[type]}
      style={{ textTransform: 'none', minWidth: 'max-content' }}
    >
      {t(`requests.type.${type}`)}
    </Badge>
  );
}

/** The outcome when there is one (accepted / refused), else the state (pending, cancelled). */
export function RequestStatusBadge({
  state,
  decision,
}: {
  state: RequestStateValue;
  decision: 'APPROVED' | 'REFUSED' | null;
}) {
  const { t } = useTranslation();
  if (decision)
    return (
      <Badge
        variant="filled"
        color={decision === 'APPROVED' ? 'teal' : 'red'}
        style={{ textTransform: 'none', minWidth: 'max-content' }}
      >
        {t(`requests.decision.${decision}`)}
      </Badge>
    );
  return (
    <Badge
      variant={state === 'SUBMITTED' ? 'outline' : 'light'}
      color={state === 'SUBMITTED' ? 'orange' : 'gray'}
      style={{ textTransform: 'none', minWidth: 'max-content' }}
    >
      {t(`requests.state.${state}`)}
    </Badge>
  );
}
