import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function BrandMark({ size = 28, inverted = false }: { size?: number; inverted?: boolean }) {
  const background = inverted ? '#ffffff' : 'var(--mantine-color-tessera-8)';
  const tile = inverted ? 'var(--mantine-color-tessera-8)' : '#ffffff';
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill={background} />
      <g fill={tile}>
        <rect x="7" y="7" width="8" height="8" rx="1.5" />
        <rect x="17" y="7" width="8" height="8" rx="1.5" opacity=".65" />
        <rect x="7" y="17" width="8" height="8" rx="1.5" opacity=".65" />
        <rect x="17" y="17" width="8" height="8" rx="1.5" />
      </g>
    </svg>
  );
}

export function Brand({
  inverted = false,
  withTagline = false,
}: {
  inverted?: boolean;
  withTagline?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap">
      <BrandMark inverted={inverted} />
      <div>
        <Text fw={700} fz="lg" lh={1.1} c={inverted ? 'white' : 'tessera.9'}>
          {t('app.name')}
        </Text>
        {withTagline && (
          <Text fz="xs" c={inverted ? 'tessera.1' : 'dimmed'} lh={1.2}>
            {t('app.tagline')}
          </Text>
        )}
      </div>
    </Group>
  );
}
