/**
 * A business rule broken by a request: thrown by the rules modules with a
 * reason a person can act on, before anything is changed. Update validators
 * let it reject the update; `Serial` turns one thrown later into a
 * non-retryable failure of that update alone.
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
