import { writeFileSync } from 'node:fs';
import { domainFault } from '../xmlrpc/faults';
import { DomainError } from '../../domain/errors';

/** A report to a file (--output) or to stdout. */
export const emit = (content: string, output: string | undefined): void => {
  if (output === undefined) process.stdout.write(content);
  else writeFileSync(output, content, { mode: 0o640 });
};

/** The CLI says what a fault would say: one message per domain error, from the one table. */
export class DomainErrorMessage extends Error {
  constructor(readonly error: DomainError) {
    super(domainFault(error).faultString);
    this.name = 'DomainErrorMessage';
  }
}
