/**
 * Suggestions for a mistyped selector value. Edit distance is cheap enough for the few thousand
 * names of a project, and a suggestion within a third of the word's length is usually the typo.
 */
export function didYouMean(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const needle = input.toLowerCase();
  const budget = Math.max(2, Math.floor(needle.length / 3));
  const scored: Array<{ candidate: string; distance: number }> = [];
  for (const candidate of new Set(candidates)) {
    const distance = editDistance(needle, candidate.toLowerCase());
    if (distance <= budget) scored.push({ candidate, distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}

/** Levenshtein distance with one rolling row. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/** "did you mean `x` or `y`?" or undefined when nothing is close. */
export function suggestionHint(input: string, candidates: Iterable<string>): string | undefined {
  const close = didYouMean(input, candidates);
  if (close.length === 0) return undefined;
  return `did you mean ${close.map((name) => `\`${name}\``).join(" or ")}?`;
}
