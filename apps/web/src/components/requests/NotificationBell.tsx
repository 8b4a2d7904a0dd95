import {
  ActionIcon,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { notifications as toasts } from '@mantine/notifications';
import { IconBell } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import type { TFunction } from 'i18next';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql, type ResultOf } from '../../graphql';
import { formatDateTime } from '../../lib/format';

const NotificationFields = graphql(`
  fragment NotificationFields on Notification @_unmask {
    id
    kind
    read
    createdAt
    organisationName
    request { id type requesterName }
  }
`);

const BellQuery = graphql(
  `
  query NotificationBell {
    unreadNotificationCount
    notifications(first: 8) { edges { node { ...NotificationFields } } }
  }
`,
  [NotificationFields],
);

const NotificationAddedSubscription = graphql(
  `
  subscription NotificationAdded {
    notificationAdded { ...NotificationFields }
  }
`,
  [NotificationFields],
);

const MarkReadMutation = graphql(`
  mutation MarkNotificationsRead($input: MarkNotificationsReadInput!) {
    markNotificationsRead(input: $input) {
      __typename
      ... on MutationMarkNotificationsReadSuccess { data { unreadCount } }
    }
  }
`);

type NotificationView = ResultOf<typeof NotificationFields>;

/** One line for a notification, in the interface language. */
export function notificationText(t: TFunction, notification: NotificationView): string {
  const request = notification.request;
  if (notification.kind === 'ATTACHED' || notification.kind.startsWith('DELEGATION_'))
    return t(`notifications.kind.${notification.kind}`, {
      organisation: notification.organisationName ?? '',
    });
  if (notification.kind === 'REVIEW_REMINDER') return t('notifications.kind.REVIEW_REMINDER');
  if (!request) return t('notifications.removed');
  const type = t(`requests.type.${request.type}`);
  return notification.kind === 'REQUEST_SUBMITTED'
    ? t('notifications.kind.REQUEST_SUBMITTED', { name: request.requesterName, type })
    : t('notifications.kind.REQUEST_DECIDED', { type });
}

/** The header bell: unread count and latest notifications, updated live (Orange: notified in the app). */
export function NotificationBell() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [result, reexecute] = useQuery({ query: BellQuery });
  const [, markRead] = useMutation(MarkReadMutation);
  const onAdded = useCallback(
    (_previous: unknown, event: ResultOf<typeof NotificationAddedSubscription>) => {
      reexecute({ requestPolicy: 'network-only' });
      toasts.show({
        color: 'blue',
        message: t('notifications.newOne', { text: notificationText(t, event.notificationAdded) }),
      });
      return event;
    },
    [reexecute, t],
  );
  useSubscription({ query: NotificationAddedSubscription }, onAdded);

  const unread = result.data?.unreadNotificationCount ?? 0;
  const items = result.data?.notifications.edges.map((edge) => edge.node) ?? [];

  async function open(notification: NotificationView) {
    setOpened(false);
    if (!notification.read) await markRead({ input: { ids: [notification.id] } });
    reexecute({ requestPolicy: 'network-only' });
    if (notification.request)
      await navigate({ to: '/requests/$requestId', params: { requestId: notification.request.id } });
  }

  async function markAll() {
    await markRead({ input: {} });
    reexecute({ requestPolicy: 'network-only' });
  }

  return (
    <Popover
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      width={360}
      shadow="md"
      withinPortal
      trapFocus
    >
      <Popover.Target>
        {/* The target is the button: Popover gives it aria-haspopup, aria-expanded and aria-controls. */}
        <ActionIcon
          variant="subtle"
          color="gray"
          size="lg"
          onClick={() => setOpened((value) => !value)}
          aria-label={unread > 0 ? t('notifications.bellUnread', { count: unread }) : t('notifications.bell')}
        >
          <Indicator
            component="span"
            label={unread > 99 ? '99+' : unread}
            size={18}
            color="red"
            disabled={unread === 0}
            offset={-2}
            data-testid="notification-count"
            data-count={unread}
            aria-hidden="true"
          >
            <IconBell size={20} aria-hidden="true" style={{ display: 'block' }} />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p={0} role="dialog" aria-label={t('notifications.title')}>
        <Group justify="space-between" px="md" py="sm">
          <Text fw={600}>{t('notifications.title')}</Text>
          {unread > 0 && (
            <Button variant="subtle" size="compact-xs" onClick={() => void markAll()}>
              {t('notifications.markAll')}
            </Button>
          )}
        </Group>
        <Divider />
        {items.length === 0 ? (
          <Text c="dimmed" fz="sm" p="md">
            {t('notifications.empty')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={380}>
            <Stack component="ul" gap={0} m={0} p={0} style={{ listStyle: 'none' }}>
              {items.map((notification) => (
                <li key={notification.id}>
                  <UnstyledButton
                    onClick={() => void open(notification)}
                    w="100%"
                    px="md"
                    py="sm"
                    style={{
                      borderBottom: '1px solid var(--mantine-color-gray-2)',
                      background: notification.read ? undefined : 'var(--mantine-color-tessera-0)',
                    }}
                  >
                    <Group gap="sm" wrap="nowrap" align="flex-start">
                      <Box
                        mt={6}
                        w={8}
                        h={8}
                        style={{
                          borderRadius: '50%',
                          flexShrink: 0,
                          background: notification.read ? 'transparent' : 'var(--mantine-color-tessera-6)',
                        }}
                        aria-hidden="true"
                      />
                      <Box miw={0}>
                        <Text fz="sm" fw={notification.read ? 400 : 600}>
                          {notificationText(t, notification)}
                          {!notification.read && (
                            <VisuallyHidden component="span"> ({t('notifications.unread')})</VisuallyHidden>
                          )}
                        </Text>
                        <Text fz="xs" c="dimmed">
                          {formatDateTime(notification.createdAt)}
                        </Text>
                      </Box>
                    </Group>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
