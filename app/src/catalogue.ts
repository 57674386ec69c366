import type en from './messages/en';

/** The shape every message catalogue has: the English catalogue's keys, each a text or a plural's forms. */
export type MessageKey = keyof typeof en;
/** A message whose wording depends on a number: Intl.PluralRules picks the form. */
export type Plural = { one: string; few?: string; many?: string; other: string };
export type Catalogue = { [K in MessageKey]: string | Plural };
