import type { Catalogue, MessageKey, Plural } from './catalogue';
import en from './messages/en';
import ru from './messages/ru';
import uk from './messages/uk';

/**
 * Every string the app shows comes from a message catalogue (./messages), in
 * the language each person chose (kept in this browser per principal); dates
 * and numbers are formatted by Intl in that language.
 */

export type Locale = 'en' | 'uk' | 'ru';
export type { Catalogue, MessageKey, Plural };

export const LOCALES: { code: Locale; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'uk', name: 'Українська' },
  { code: 'ru', name: 'Русский' },
];
const CATALOGUES: Record<Locale, Catalogue> = { en, uk, ru };

let current: Locale = initialLocale();
const listeners = new Set<() => void>();

function initialLocale(): Locale {
  const saved = localStorage.getItem('field-app.locale');
  if (saved === 'en' || saved === 'uk' || saved === 'ru') return saved;
  const preferred = navigator.language.slice(0, 2);
  return preferred === 'uk' || preferred === 'ru' ? preferred : 'en';
}

export const locale = (): Locale => current;

export function setLocale(next: Locale, principal?: string): void {
  current = next;
  localStorage.setItem('field-app.locale', next);
  if (principal) localStorage.setItem(`field-app.locale.${principal}`, next);
  showLanguage();
  for (const l of listeners) l();
}

/** On sign-in: the language this person chose before, if any. */
export function restoreLocaleOf(principal: string): void {
  const saved = localStorage.getItem(`field-app.locale.${principal}`);
  if (saved === 'en' || saved === 'uk' || saved === 'ru') setLocale(saved);
  else setLocale(current, principal);
}

export function onLocaleChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A message, with {name} replaced by the parameter (numbers formatted for the language). */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const message = CATALOGUES[current][key] ?? en[key];
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const form = new Intl.PluralRules(current).select(Number(params.n ?? 0)) as keyof Plural;
    text = message[form] ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) return `{${name}}`;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

/** A catalogue entry named by a code from the API (a status, a kind), or the code itself. */
export function tCode(prefix: string, code: string): string {
  const key = `${prefix}.${code}` as MessageKey;
  return key in en ? t(key) : code;
}

/** The browser's own variant of the chosen language (en-US or en-GB), else the language's main one. */
function intlLocale(): string {
  if (navigator.language.slice(0, 2) === current) return navigator.language;
  return current === 'en' ? 'en-GB' : current;
}

export const formatNumber = (n: number) => new Intl.NumberFormat(intlLocale()).format(n);

/** A calendar date (YYYY-MM-DD), as the day is named: no time zone may shift it. */
export const formatDate = (isoDate: string) =>
  new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'full', timeZone: 'UTC' }).format(
    new Date(`${isoDate}T00:00:00Z`),
  );

export const formatDateTime = (iso: string) =>
  new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** The page's language and the browser's title (its tab, its history) follow the chosen language. */
function showLanguage(): void {
  document.documentElement.lang = current;
  document.title = t('app.title');
}

showLanguage();
