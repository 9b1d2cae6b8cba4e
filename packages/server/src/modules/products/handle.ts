/**
 * v1 gives a product without a handle the kebab-cased title (lodash's kebabCase): accents
 * dropped, words split on punctuation, case changes and letter/digit boundaries.
 */
export function kebabCase(input: string): string {
  const plain = input.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  const words = plain.match(/\p{Lu}+(?!\p{Ll})|\p{Lu}?\p{Ll}+|\p{N}+|\p{L}+/gu) ?? [];
  return words.map((w) => w.toLowerCase()).join("-");
}
