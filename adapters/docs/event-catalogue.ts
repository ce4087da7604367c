import * as t from 'io-ts';
import { ALL_EVENT_DEFINITIONS } from '../../domain/events';
import { AnyEventDefinition } from '../../domain/event-definition';
import { SystemAccount, TransferCause } from '../../domain/ledger/accounts';

/**
 * docs/events.md, generated from the codecs themselves (npm run docs:events) so the catalogue cannot
 * drift from what Folio writes; a test fails when the file is stale.
 */

interface Field {
  readonly name: string;
  readonly type: string;
  readonly optional: boolean;
}

/** What well-known fields mean, wherever they appear; fields not listed here explain themselves. */
const FIELD_NOTES: Readonly<Record<string, string>> = {
  userId: "The user's stable internal id (the stream is `user-<userId>`).",
  accountId: "The shared account's stable internal id (the stream is `shared-<accountId>`).",
  groupId: "The group's stable internal id (the stream is `group-<groupId>`).",
  operationId: 'The multi-account operation this entry belongs to (stream `operation-<operationId>`).',
  transferId: 'Identifies the transfer; corrections and reports refer to it.',
  amount:
    'Signed from the customer account: positive credits it, negative debits it. The counter-account moves by the opposite amount.',
  balanceAfter:
    "The customer account's balance once this entry applied; verify checks it equals the balance before plus `amount`.",
  counterAccount: 'The system account on the other side of the transfer (see System accounts below).',
  cause: 'Why money moved (see Transfer causes below): the grouping reconciliation reports use.',
  comment: "The caller's comment, kept as given.",
  correctsTransferId: 'Set on a correction: the transfer it reverses. A transfer is corrected at most once.',
  account: "For users: the personal account moved ('' = the default account).",
  username: 'Stored in lower case; usernames compare case-insensitively.',
  redacted: "When true, read models drop the user's personal data; the events stay in the log.",
  parentId: "The parent shared account's id for a sub-account; '' for a top-level account.",
  passwordHash: 'A salted scrypt hash; the password itself is never stored.',
  pinHash: "A salted scrypt hash ('' = no PIN); the PIN itself is never stored.",
};

const tagOf = (codec: t.Mixed): string | undefined => (codec as unknown as { _tag?: string })._tag;

/** A short, readable type: `string`, `Money`, `'a' | 'b'`, `{ x?: string }`, `string[]`, or a named type. */
export const describeType = (codec: t.Mixed): string => {
  switch (tagOf(codec)) {
    case 'StringType':
      return 'string';
    case 'NumberType':
      return 'number';
    case 'BooleanType':
      return 'boolean';
    case 'LiteralType':
      return JSON.stringify((codec as unknown as t.LiteralType<string>).value);
    case 'KeyofType':
      return Object.keys((codec as unknown as t.KeyofType<Record<string, unknown>>).keys)
        .map((key) => `'${key}'`)
        .join(' \\| ');
    case 'ArrayType':
      return `${describeType((codec as unknown as t.ArrayType<t.Mixed>).type)}[]`;
    case 'UnionType':
    case 'RefinementType':
      return codec.name;
    case 'ExactType':
    case 'InterfaceType':
    case 'PartialType':
    case 'IntersectionType':
      return `{ ${fieldsOf(codec)
        .map((field) => `${field.name}${field.optional ? '?' : ''}: ${field.type}`)
        .join(', ')} }`;
    default:
      return codec.name;
  }
};

/** The fields of an object codec, through exact, partial and intersection types, in declaration order. */
export const fieldsOf = (codec: t.Mixed, optional = false): readonly Field[] => {
  switch (tagOf(codec)) {
    case 'ExactType':
      return fieldsOf((codec as unknown as t.ExactType<t.Mixed>).type, optional);
    case 'InterfaceType':
      return Object.entries((codec as unknown as t.InterfaceType<t.Props>).props).map(([name, type]) => ({
        name,
        type: describeType(type),
        optional,
      }));
    case 'PartialType':
      return Object.entries((codec as unknown as t.PartialType<t.Props>).props).map(([name, type]) => ({
        name,
        type: describeType(type),
        optional: true,
      }));
    case 'IntersectionType':
      return (codec as unknown as t.IntersectionType<t.Mixed[]>).types.flatMap((part) =>
        fieldsOf(part, optional),
      );
    default:
      return [];
  }
};

const family = (definition: AnyEventDefinition): string => {
  const type = definition.type;
  if (type.includes('Operation') || type.includes('Import')) return 'Multi-account operations';
  if (type.startsWith('PrintJob')) return 'Print jobs';
  if (type.startsWith('Printer')) return 'Printers';
  if (type.startsWith('User')) return 'Users';
  if (type.startsWith('SharedAccount')) return 'Shared accounts';
  if (type.startsWith('Group') && !type.includes('Operation')) return 'Groups';
  if (type.startsWith('Name')) return 'Name claims';
  if (type.startsWith('Config') || type.startsWith('Admin')) return 'Configuration';
  return 'Other';
};

const eventSection = (definition: AnyEventDefinition): string => {
  const fields = fieldsOf(definition.data);
  const rows = fields.map(
    (field) =>
      `| \`${field.name}\` | ${field.type} | ${field.optional ? 'optional' : 'required'} | ${FIELD_NOTES[field.name] ?? ''} |`,
  );
  return [
    `### ${definition.type} (v${definition.version})`,
    '',
    definition.description,
    '',
    '| field | type | presence | meaning |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
};

const systemAccounts = (): string => {
  const union = SystemAccount as unknown as t.UnionType<t.Mixed[]>;
  return union.types
    .map((member) =>
      tagOf(member) === 'LiteralType'
        ? `- \`${(member as unknown as t.LiteralType<string>).value}\``
        : '- `system:print-revenue:<printer>` — one per printer: print charges book their revenue here',
    )
    .join('\n');
};

export const renderEventCatalogue = (): string => {
  const families = new Map<string, AnyEventDefinition[]>();
  for (const definition of ALL_EVENT_DEFINITIONS) {
    const list = families.get(family(definition)) ?? [];
    list.push(definition);
    families.set(family(definition), list);
  }
  const contents = [...families.entries()].map(
    ([name, definitions]) =>
      `- ${name}: ${definitions.map((definition) => `[${definition.type}](#${definition.type.toLowerCase()}-v${definition.version})`).join(', ')}`,
  );
  return `${[
    '# Event catalogue',
    '',
    '<!-- Generated from the codecs in domain/ by `npm run docs:events`; do not edit by hand. A test fails when this file is stale. -->',
    '',
    `Every event type Folio writes, at its current version (${ALL_EVENT_DEFINITIONS.length} types). Each stored event is an`,
    'envelope — event id, type, version, stream, stream revision, global position, `recordedAt` (ISO-8601 UTC from the',
    "application's clock), `metadata` (`actor`, `method`, `correlationId`, optional `ip`), `previousHash` and `hash` —",
    "around a `data` payload validated by the type's io-ts codec whenever it crosses a boundary. Events are never",
    'updated or deleted; a new shape is a new version with an upcaster, and a mistake is corrected by a new event.',
    '',
    '`Money` is exact decimal text in its one canonical spelling (`"12.5"`, `"-0.015"`, `"0"`): at most six decimal',
    'places, no trailing zeros, no plus sign, no `-0`. The hash chain relies on every value having one stored form.',
    '',
    '## Contents',
    '',
    ...contents,
    '',
    ...[...families.entries()].flatMap(([name, definitions]) => [
      `## ${name}`,
      '',
      ...definitions.map(eventSection),
    ]),
    '## System accounts',
    '',
    'The counter-accounts of transfers. Their balances are projections; with the customer accounts they sum to zero at',
    'every position (the trial balance).',
    '',
    systemAccounts(),
    '',
    '## Transfer causes',
    '',
    Object.keys((TransferCause as unknown as t.KeyofType<Record<string, unknown>>).keys)
      .map((cause) => `- \`${cause}\``)
      .join('\n'),
  ].join('\n')}\n`;
};
