import { z } from 'zod';

/** A path inside this application: absolute, and never protocol-relative, so it cannot lead elsewhere. */
export function isSafeRedirect(value: string): boolean {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\');
}

export const redirectSearchSchema = z.object({
  redirect: z.string().refine(isSafeRedirect).optional().catch(undefined),
});

export type RedirectSearch = z.infer<typeof redirectSearchSchema>;

export function parseRedirectSearch(search: Record<string, unknown>): RedirectSearch {
  return redirectSearchSchema.parse(search);
}
