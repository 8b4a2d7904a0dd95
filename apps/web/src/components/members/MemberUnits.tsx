import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { useViewer } from '../../auth/use-viewer';
import { type FragmentOf, graphql, readFragment } from '../../graphql';
import { MutationError } from '../../lib/mutation';
import { useUnitChoices } from '../data/choices';
import { MemberSection } from './MemberSection';
import { useMemberAction } from './use-member-action';

export const MemberUnitsFragment = graphql(`
  fragment MemberUnits on Member {
    id
    units { id name }
    viewerCan { attach }
  }
`);

const AttachToUnits = graphql(
  `
  mutation AttachMemberToUnits($input: AttachMemberToUnitsInput!) {
    attachMemberToUnits(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);
const DetachFromUnit = graphql(
  `
  mutation DetachMemberFromUnit($input: MemberUnitInput!) {
    detachMemberFromUnit(input: $input) { __typename ...MutationError }
  }
`,
  [MutationError],
);

/** The units the member belongs to; an administrator who may attaches it to more or detaches it. */
export function MemberUnits({
  member: masked,
  reload,
}: {
  member: FragmentOf<typeof MemberUnitsFragment>;
  reload: () => void;
}) {
  const { t } = useTranslation();
  const member = readFragment(MemberUnitsFragment, masked);
  const organisationId = useViewer().acting?.organisation?.id ?? '';
  const { options: choices } = useUnitChoices(organisationId, !member.viewerCan.attach);
  const [picked, setPicked] = useState<string | null>(null);
  const [, attach] = useMutation(AttachToUnits);
  const [, detach] = useMutation(DetachFromUnit);
  const action = useMemberAction();
  const attached = new Set(member.units.map((unit) => unit.id));
  const options = choices.filter((choice) => !attached.has(choice.value));

  return (
    <MemberSection id="units-title" title={t('member.unitsTitle')}>
      {member.units.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('member.noUnits')}
        </Text>
      ) : (
        <Stack gap={6}>
          {member.units.map((unit) => (
            <Group key={unit.id} justify="space-between" wrap="nowrap">
              <Text fz="sm">{unit.name}</Text>
              {member.viewerCan.attach && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  aria-label={t('member.detachNamed', { unit: unit.name })}
                  onClick={async () => {
                    const ok = await action.run(
                      `detach:${unit.id}`,
                      'detachMemberFromUnit',
                      detach({ input: { memberId: member.id, unitId: unit.id } }),
                      t('member.detached', { unit: unit.name }),
                    );
                    if (ok) reload();
                  }}
                >
                  {t('member.detach')}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
      )}
      {member.viewerCan.attach && options.length > 0 && (
        <Group gap="xs" mt="md" align="flex-end">
          <Select
            label={t('member.attachUnit')}
            placeholder={t('member.chooseUnit')}
            data={options}
            value={picked}
            onChange={setPicked}
            searchable
            w={240}
          />
          <Button
            variant="light"
            disabled={!picked}
            onClick={async () => {
              if (!picked) return;
              const promise = attach({ input: { memberId: member.id, unitIds: [picked] } });
              setPicked(null);
              if (await action.run('attach', 'attachMemberToUnits', promise, t('member.attached'))) reload();
            }}
          >
            {t('member.attachUnitButton')}
          </Button>
        </Group>
      )}
    </MemberSection>
  );
}
