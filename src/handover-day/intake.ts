/** The receiver's intake number of a container, e.g. "RU-UA-2025-06.UA.2025-06-16.0042"; it numbers its case. */
export const intakeNumber = (prefix: string, n: number) => `${prefix}.${String(n).padStart(4, '0')}`;
