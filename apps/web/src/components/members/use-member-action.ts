import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeRequestError } from '../../lib/errors';
import { type PayloadLike, readOutcome } from '../../lib/mutation';

type Result = { data?: Record<string, PayloadLike | null> | null; error?: unknown };

/**
 * Runs one action of the member page: remembers which is pending (its button spins), then tells the outcome in a
 * notification — the success sentence, or the typed refusal in the reader's language. Resolves to whether it worked.
 */
export function useMemberAction() {
  const { t } = useTranslation();
  const [pending, setPending] = useState<string | null>(null);

  async function run(
    key: string,
    field: string,
    promise: Promise<Result>,
    success: string,
  ): Promise<boolean> {
    setPending(key);
    try {
      const result = await promise;
      const payload = result.data?.[field];
      const outcome = payload ? readOutcome(t, payload) : null;
      if (outcome?.ok) {
        notifications.show({ color: 'teal', message: success });
        return true;
      }
      notifications.show({
        color: 'red',
        message: outcome ? outcome.message : describeRequestError(t, result.error),
      });
      return false;
    } finally {
      setPending(null);
    }
  }

  return { pending, run };
}
