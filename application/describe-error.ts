import { DomainError } from '../domain/errors';

/**
 * A domain error as one line of a task's progress message. The fault table's sentences belong to
 * the XML-RPC adapter; a task line names the code and its facts, which is what an administrator
 * reading the log needs and what a script can match.
 */
export const describeDomainError = (error: DomainError): string => {
  const { code, ...facts } = error;
  const parts = Object.entries(facts).map(([name, value]) => `${name} '${String(value)}'`);
  return parts.length === 0 ? code : `${code} (${parts.join(', ')})`;
};
