import { type CSSVariablesResolver, createTheme, type MantineColorsTuple } from '@mantine/core';

const tessera: MantineColorsTuple = [
  '#edf3fb',
  '#dbe5f3',
  '#b3c9e8',
  '#88abdc',
  '#6592d2',
  '#4d82cc',
  '#3f79ca',
  '#2f66b3',
  '#255aa1',
  '#164d8f',
];

export const theme = createTheme({
  primaryColor: 'tessera',
  primaryShade: 7,
  colors: { tessera },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: {
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.75rem', lineHeight: '1.3' },
      h2: { fontSize: '1.25rem', lineHeight: '1.35' },
      h3: { fontSize: '1.05rem', lineHeight: '1.4' },
    },
  },
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'md', padding: 'lg' } },
    Badge: { defaultProps: { radius: 'sm' } },
  },
});

/** Mantine's default dimmed grey is below WCAG AA contrast for body text; use a darker one. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#5c636b' },
  dark: {},
});
