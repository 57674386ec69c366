/**
 * A business rule broken by a request: thrown by the rules modules with a
 * reason a person can act on, before anything is changed. This is THE one
 * style of refusal for every workflow: throw it (or call `fail`), never build
 * an `ApplicationFailure` or return a rejection string. Update validators
 * let it reject the update; `Serial` (./serial.ts) turns one thrown later
 * into a non-retryable failure of that update alone.
 */
export class RuleViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleViolation';
  }
}

export const fail = (message: string): never => {
  throw new RuleViolation(message);
};

/**
 * A field no state could make acceptable: a JSON pointer into the update's
 * argument, and why. The API answers it 400 with the pointer, as it answers
 * its own schemas (workflows/shared/text.ts holds the text rule both apply).
 */
export class InvalidInput extends RuleViolation {
  constructor(
    readonly pointer: string,
    readonly problem: string,
  ) {
    super(`${pointer} ${problem}`);
    this.name = 'InvalidInput';
  }
}
