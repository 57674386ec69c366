import { characterProblem, holdsTagQuote, TEXT } from '../../workflows/shared/text';
import type { MessageKey } from './catalogue';

/**
 * What the app accepts as a container's tag: the API's own rule (src/api/schemas.ts
 * `tag`, built from workflows/shared/text.ts, imported here rather than copied),
 * its quotes (holdsTagQuote) included.
 */

export const MAX_TAG = TEXT.tag.max;

export type TagProblem = { key: MessageKey; params?: Record<string, string | number> };

export function tagProblem(tag: string): TagProblem | undefined {
  if (!tag) return { key: 'csv.emptyTag' };
  if (tag.length > MAX_TAG) return { key: 'csv.tagTooLong', params: { max: MAX_TAG } };
  if (tag.trim() !== tag) return { key: 'tag.spaces' };
  if (holdsTagQuote(tag)) return { key: 'tag.quote' };
  const refused = characterProblem(tag, TEXT.tag);
  // The API's message is English; the person reads the reason in their language, with its code point.
  if (refused) return { key: 'tag.character', params: { char: /U\+[0-9A-F]{4,6}/.exec(refused)?.[0] ?? '?' } };
  return undefined;
}
