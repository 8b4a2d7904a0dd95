import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  defaultVariantColorsResolver,
  type MantineColorsTuple,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

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

/**
 * Mantine's light, outline and subtle variants write shade 6 on a 10 % tint of the same colour: below 4.5:1 for teal, yellow, orange
 * and green badges. Text on a light tint takes the darkest shade, darkened further for the pale hues.
 */
const pale = new Set(['yellow', 'orange', 'lime', 'green', 'teal', 'cyan']);
const bright = new Set([...pale, 'red', 'pink', 'grape', 'violet']);
const variantColorResolver: VariantColorsResolver = (input) => {
  const defaults = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (input.variant === 'filled' || input.variant === undefined) {
    // White on Mantine's shade 7 of red (and the other bright hues) is below 4.5:1: filled buttons and badges
    // of those colours take shade 9 (red.9 on white is 5.6:1), one step darker on hover.
    if (!parsed.isThemeColor || !bright.has(parsed.color) || parsed.shade !== undefined) return defaults;
    const deep = input.theme.colors[parsed.color]?.[9];
    if (!deep) return defaults;
    return { ...defaults, background: deep, hover: darken(deep, 0.12), color: '#fff' };
  }
  if (input.variant !== 'light' && input.variant !== 'outline' && input.variant !== 'subtle') return defaults;
  if (!parsed.isThemeColor) return defaults;
  const darkest = input.theme.colors[parsed.color]?.[9];
  if (!darkest) return defaults;
  const text = darken(darkest, pale.has(parsed.color) ? 0.35 : 0.1);
  return input.variant === 'outline'
    ? { ...defaults, color: text, border: `1px solid ${text}` }
    : { ...defaults, color: text };
};

export const theme = createTheme({
  variantColorResolver,
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
