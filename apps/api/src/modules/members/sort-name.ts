/** The key member lists sort and page on: last name then first name, case- and accent-insensitive. */
export function memberSortName(person: { firstName: string; lastName: string }): string {
  return `${person.lastName} ${person.firstName}`
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}
