import { characterProblem, TEXT } from '../../workflows/shared/text';
import type { MessageKey } from './catalogue';

/**
 * What the app accepts as a container's tag: the API's own rule (src/api/schemas.ts
 * `tag`, built from workflows/shared/text.ts, imported here rather than copied), plus no
 * quote. The API takes a quote, but no tag carries one: in the app it is a
 * spreadsheet's quoting left over (`"UA-S3-0004`), or a scanner's stray key.
 */

export const MAX_TAG = TEXT.tag.max;

export type TagProblem = { key: MessageKey; params?: Record<string, string | number> };

export function tagProblem(tag: string): TagProblem | undefined {
  if (!tag) return { key: 'csv.emptyTag' };
  if (tag.length > MAX_TAG) return { key: 'csv.tagTooLong', params: { max: MAX_TAG } };
  if (tag.trim() !== tag) return { key: 'tag.spaces' };
  if (/["\u201C\u201D\u201E]/.test(tag)) return { key: 'tag.quote' };
  const refused = characterProblem(tag, TEXT.tag);
  // The API's message is English; the person reads the reason in their language, with its code point.
  if (refused) return { key: 'tag.character', params: { char: /U\+[0-9A-F]{4,6}/.exec(refused)?.[0] ?? '?' } };
  return undefined;
}
