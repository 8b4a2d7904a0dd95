import { z } from 'zod';

/**
 * The state of the members list kept in the address (issue 18): filters, order, page size and the page itself, so
 * a reload or the browser's back button shows the same view. Every field falls back to its default when the
 * address holds something else (an old bookmark, a hand-edited value), never an error page.
 */

export const MEMBER_STATUSES = ['ACTIVE', 'BLOCKED', 'ARCHIVED'] as const;
export const MEMBER_SORTS = ['NAME', 'LAST_SIGN_IN_ASC', 'LAST_SIGN_IN_DESC'] as const;
/** The page sizes offered; the API takes at most 100 members a page. */
export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;
/** The "not signed in since" presets, in days (guide 003: find the accounts no longer used). */
export const INACTIVITY_DAYS = [90, 180, 365] as const;
/** The most members one archiveMembers call takes (the API's ARCHIVE_BATCH_MAX). */
export const ARCHIVE_CHUNK = 100;
/** How many pages back the address remembers; past that, "previous" starts again from the first page. */
const MAX_TRAIL = 50;

export type MemberSort = (typeof MEMBER_SORTS)[number];
export type PageSize = (typeof PAGE_SIZES)[number];

const oneOf = <T extends number>(values: readonly T[]) =>
  z.coerce
    .number()
    .refine((value): value is T => (values as readonly number[]).includes(value))
    .transform((value) => value as T);

export const membersSearchSchema = z.object({
  search: z.string().max(200).optional().catch(undefined),
  status: z.enum(MEMBER_STATUSES).optional().catch(undefined),
  unitId: z.string().max(200).optional().catch(undefined),
  groupId: z.string().max(200).optional().catch(undefined),
  /** Not signed in for this many days (or never). */
  inactive: oneOf(INACTIVITY_DAYS).optional().catch(undefined),
  /** NAME when absent. */
  sort: z.enum(MEMBER_SORTS).optional().catch(undefined),
  size: oneOf(PAGE_SIZES).optional().catch(undefined),
  /** The end cursors of the pages before this one, oldest first: the last one is where this page starts. */
  after: z.array(z.string().min(1).max(500)).max(MAX_TRAIL).optional().catch(undefined),
});

export type MembersSearch = z.infer<typeof membersSearchSchema>;

/** The keys that choose which members are in the list (not how they are ordered or paged). */
export function filterKey(search: MembersSearch): string {
  return JSON.stringify([search.search, search.status, search.unitId, search.groupId, search.inactive]);
}

/**
 * The instant `days` days before the start of today, in the reader's time zone: the `notSignedInSince` of a
 * preset. A whole day, so the list asked for (and its cache) stays the same all day long.
 */
export function notSignedInSince(days: number, now: Date = new Date()): string {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() - days);
  return start.toISOString();
}

/** The next order when the reader activates a column header: last sign-in goes oldest first, then newest first. */
export function nextSort(column: 'name' | 'lastSignIn', current: MemberSort): MemberSort {
  if (column === 'name') return 'NAME';
  return current === 'LAST_SIGN_IN_ASC' ? 'LAST_SIGN_IN_DESC' : 'LAST_SIGN_IN_ASC';
}

/** Consecutive slices of at most `size` items, in order. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a positive integer: ${size}`);
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

export interface ArchiveOutcome {
  index: number;
  archived: boolean;
  refusal: { code: string } | null;
}

export interface ArchiveTally {
  archived: string[];
  refused: { id: string; code: string }[];
}

/**
 * Adds the outcomes of one archiveMembers call to the tally. The API answers by position in the ids sent (it never
 * echoes an id), so each outcome is matched to `ids[index]`; an id it did not answer for counts as refused.
 */
export function tallyOutcomes(
  tally: ArchiveTally,
  ids: readonly string[],
  outcomes: readonly ArchiveOutcome[],
): ArchiveTally {
  const byIndex = new Map(outcomes.map((outcome) => [outcome.index, outcome]));
  const archived = [...tally.archived];
  const refused = [...tally.refused];
  ids.forEach((id, index) => {
    const outcome = byIndex.get(index);
    if (outcome?.archived) archived.push(id);
    else refused.push({ id, code: outcome?.refusal?.code ?? 'UNEXPECTED' });
  });
  return { archived, refused };
}

/** Every id of a call that failed as a whole (network, or a refusal of the call itself), refused with one code. */
export function tallyFailure(tally: ArchiveTally, ids: readonly string[], code: string): ArchiveTally {
  return { archived: tally.archived, refused: [...tally.refused, ...ids.map((id) => ({ id, code }))] };
}
