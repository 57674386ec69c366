import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Only identifiers (request id, workflow id, operation
 * reference) go in; never names, genetic data or family contacts.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({ level, name, base: { service: 'repatriation' } });
}
