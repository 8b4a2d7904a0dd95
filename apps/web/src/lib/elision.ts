/**
 * French élision: "de" and "le" lose their vowel before a word starting with a vowel sound ("d’Élodie",
 * "l’Urbanisme"), not before a consonant ("de Léa"). A mute h elides ("d’Hélène"), an aspirated h does not ("le
 * hall": the usual aspirated words are listed); a y elides before a consonant ("d’Yves") but is itself a consonant
 * before a vowel ("de Yann").
 */
const VOWELS = 'aeiouàâäéèêëîïôöùûüœæ';

/** Words starting with an aspirated h, which keep "de" and "le" whole (le hall, de Hollande). */
const ASPIRATED_H = [
  'hache',
  'haie',
  'hall',
  'halle',
  'hameau',
  'hangar',
  'hanche',
  'handicap',
  'harpe',
  'hasard',
  'haut',
  'haute',
  'hauteur',
  'havre',
  'hérisson',
  'héros',
  'hêtre',
  'hibou',
  'hockey',
  'hollande',
  'homard',
  'hongrie',
  'honte',
  'hors',
  'hotte',
  'houx',
  'huit',
  'hutte',
];

/** Whether "de"/"le" elide before this word or name (its first word decides). */
export function elides(text: string): boolean {
  const word =
    text
      .trim()
      .split(/[\s’'-]/, 1)[0]
      ?.toLocaleLowerCase('fr') ?? '';
  const first = word.charAt(0);
  if (!first) return false;
  if (first === 'y') return word.length > 1 && !VOWELS.includes(word.charAt(1));
  if (first === 'h') return !ASPIRATED_H.includes(word);
  return VOWELS.includes(first);
}

/** "de" before a name, elided where French elides it: "de Léa Dubois", "d’Élodie Roux". */
export function frenchDe(name: string): string {
  return elides(name) ? `d’${name}` : `de ${name}`;
}

/** "le" before a noun or name, elided where French elides it: "le hall", "l’Urbanisme". */
export function frenchLe(name: string): string {
  return elides(name) ? `l’${name}` : `le ${name}`;
}

/** The English possessive of a name: "Léa Dubois’s", "Élodie Roux’s". */
export function englishPossessive(name: string): string {
  return `${name}’s`;
}
