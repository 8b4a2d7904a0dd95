import { Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBuilding,
  IconCheck,
  IconChevronDown,
  IconLayoutGrid,
  IconShieldLock,
} from '@tabler/icons-react';
import { Link, useNavigate } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { type ActingTarget, useChooseActingContext } from '../../auth/acting';
import { actingOptionCount } from '../../auth/next-step';
import type { ViewerData } from '../../auth/viewer';

export function actingName(viewer: ViewerData, operatorLabel: string, noneLabel: string): string {
  if (viewer.acting?.kind === 'OPERATOR') return operatorLabel;
  return viewer.acting?.organisation?.name ?? noneLabel;
}

/** Shows who the person acts for, and lets them switch when they have more than one context. */
export function ActingContextMenu({ viewer }: { viewer: ViewerData }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { choose } = useChooseActingContext();
  const name = actingName(viewer, t('shell.operator'), t('shell.noContext'));
  const isOperator = viewer.acting?.kind === 'OPERATOR';
  const canSwitch = actingOptionCount(viewer) > 1;

  const label = (
    <Group gap={8} wrap="nowrap">
      {isOperator ? (
        <IconShieldLock size={18} stroke={1.7} aria-hidden="true" />
      ) : (
        <IconBuilding size={18} stroke={1.7} aria-hidden="true" />
      )}
      <div style={{ minWidth: 0 }}>
        {viewer.acting && (
          <Text fz={11} c="dimmed" lh={1.1} visibleFrom="md">
            {t('shell.actingAs')}
          </Text>
        )}
        <Text fz="sm" fw={600} lh={1.25} truncate maw={240}>
          {name}
        </Text>
      </div>
    </Group>
  );

  if (!canSwitch) return <div data-testid="acting-context">{label}</div>;

  async function switchTo(target: ActingTarget) {
    const outcome = await choose(target);
    if (!outcome.ok) {
      notifications.show({ color: 'red', title: t('errors.title'), message: outcome.error });
      return;
    }
    const next = outcome.viewer;
    notifications.show({
      color: 'teal',
      message:
        next.acting?.kind === 'OPERATOR'
          ? t('chooseOrganisation.chosenOperator')
          : t('chooseOrganisation.chosen', { name: next.acting?.organisation?.name ?? '' }),
    });
    await navigate({ to: '/' });
  }

  const currentOrganisationId = isOperator ? null : viewer.acting?.organisation?.id;

  return (
    <Menu position="bottom-start" width={300} shadow="md" withinPortal>
      <Menu.Target>
        <UnstyledButton
          className="header-button"
          aria-label={t('shell.switchContextMenu', { name })}
          data-testid="acting-context"
        >
          <Group gap={6} wrap="nowrap">
            {label}
            <IconChevronDown size={16} aria-hidden="true" />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {viewer.memberships.length > 0 && <Menu.Label>{t('shell.organisations')}</Menu.Label>}
        {viewer.memberships.map(({ organisation }) => {
          const current = organisation.id === currentOrganisationId;
          return (
            <Menu.Item
              key={organisation.id}
              leftSection={<IconBuilding size={16} aria-hidden="true" />}
              rightSection={
                current ? <IconCheck size={16} aria-label={t('chooseOrganisation.current')} /> : null
              }
              aria-current={current ? 'true' : undefined}
              onClick={() => void switchTo({ organisationId: organisation.id })}
            >
              {organisation.name}
            </Menu.Item>
          );
        })}
        {viewer.isOperatorAdmin && (
          <>
            <Menu.Label>{t('chooseOrganisation.operatorHeading')}</Menu.Label>
            <Menu.Item
              leftSection={<IconShieldLock size={16} aria-hidden="true" />}
              rightSection={
                isOperator ? <IconCheck size={16} aria-label={t('chooseOrganisation.current')} /> : null
              }
              aria-current={isOperator ? 'true' : undefined}
              onClick={() => void switchTo({ asOperator: true })}
            >
              {t('chooseOrganisation.actAsOperator')}
            </Menu.Item>
          </>
        )}
        <Menu.Divider />
        <Menu.Item
          component={Link}
          to="/choose-organisation"
          leftSection={<IconLayoutGrid size={16} aria-hidden="true" />}
        >
          {t('shell.chooseAnother')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
