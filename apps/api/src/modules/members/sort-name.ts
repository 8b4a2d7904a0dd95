/** The key member lists sort and page on: last name then first name, case- and accent-insensitive. */
export function memberSortName(person: { firstName: string; lastName: string }): string {
  return `${person.lastName} ${person.firstName}`
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

/** A search as member lists compare it: accents and case dropped, spaces collapsed, as in `memberSortName`. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
