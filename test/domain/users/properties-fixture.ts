import assert from 'node:assert/strict';
import { Either } from 'fp-ts/Either';
import { fold } from '../../../domain/decider';
import { DomainError } from '../../../domain/errors';
import { UserPolicy } from '../../../domain/users/commands';
import { userDecider } from '../../../domain/users/decide';
import { UserEvent } from '../../../domain/users/events';
import { readUserProperty, userPropertyCommand } from '../../../domain/users/properties';
import { User } from '../../../domain/users/state';
import { aliceCreated, defaultPolicy } from './fixtures';

const NOW = new Date('2026-11-27T12:00:00.000Z');

export const readContext = { now: NOW, policy: defaultPolicy, counts: { jobCount: 7, pageCount: 42 } };

export const writeContext = {
  transferId: 't-prop',
  comment: 'set through property',
  policy: defaultPolicy,
  hashSecret: (secret: string) => `hashed:${secret}`,
};

export const userFrom = (events: readonly UserEvent[]): User => {
  const state = fold(userDecider, events);
  assert.equal(state.status, 'present');
  if (state.status !== 'present') throw new Error('no user');
  return state;
};

export const alice = userFrom([aliceCreated]);

export const valueOf = <T>(result: Either<DomainError, T>): T => {
  if (result._tag === 'Left') assert.fail(`expected a value, got ${JSON.stringify(result.left)}`);
  return result.right;
};

export const errorOf = <T>(result: Either<DomainError, T>): DomainError => {
  if (result._tag === 'Right') assert.fail(`expected an error, got ${JSON.stringify(result.right)}`);
  return result.left;
};

export const read = (user: User, property: string, policy: UserPolicy = defaultPolicy): string =>
  valueOf(readUserProperty(user, property, { ...readContext, policy }));

/** Sets properties the way setUserProperties does: build each command, decide it, fold the events. */
export const writeAll = (pairs: readonly (readonly [string, string])[]): User => {
  let history: UserEvent[] = [];
  for (const [property, value] of pairs) {
    const current = userFrom([aliceCreated, ...history]);
    const command = valueOf(userPropertyCommand(property, value, writeContext));
    history = [...history, ...valueOf(userDecider.decide(command, { status: 'present', ...current }))];
  }
  return userFrom([aliceCreated, ...history]);
};

export const READABLE = [
  'balance',
  'primary-card-number',
  'card-number',
  'secondary-card-number',
  'card-number2',
  'department',
  'email',
  'full-name',
  'notes',
  'office',
  'username-alias',
  'home',
  'disabled-print',
  'disabled-net',
  'restricted',
  'print-stats.job-count',
  'print-stats.page-count',
  'net-stats.data-mb',
  'net-stats.time-hours',
  'dont-hold-jobs-in-release-station',
  'dont-apply-printer-filter-rules',
  'dont-archive',
  'auto-release-jobs',
  'printer-cost-adjustment-rate-percent',
  'overdraft-amount',
  'internal',
  'other-emails',
  'account-selection.mode',
  'account-selection.can-charge-personal',
  'account-selection.can-charge-shared-from-list',
  'account-selection.can-charge-shared-by-pin',
  'auto-shared-account',
] as const;

export const READ_ONLY = [
  'print-stats.job-count',
  'print-stats.page-count',
  'net-stats.data-mb',
  'net-stats.time-hours',
  'internal',
  'account-selection.mode',
  'account-selection.can-charge-personal',
  'account-selection.can-charge-shared-from-list',
  'account-selection.can-charge-shared-by-pin',
  'auto-shared-account',
] as const;

/** Every writable property: a value to write, and what reading it back shows. */
export const ROUND_TRIPS: readonly (readonly [string, string, string])[] = [
  ['balance', '1234.5', '1234.50'],
  ['primary-card-number', ' 1234 ', '1234'],
  ['secondary-card-number', '5678', '5678'],
  ['department', 'Mathematics', 'Mathematics'],
  ['email', 'alice@example.org', 'alice@example.org'],
  ['full-name', 'Alice Liddell', 'Alice Liddell'],
  ['notes', 'likes rabbits', 'likes rabbits'],
  ['office', 'B 12', 'B 12'],
  ['username-alias', 'al', 'al'],
  ['home', '\\\\server\\alice', '\\\\server\\alice'],
  ['other-emails', 'a@x.org, b@y.org', 'a@x.org, b@y.org'],
  ['disabled-print', 'TRUE', 'true'],
  ['disabled-net', 'True', 'true'],
  ['restricted', 'tRuE', 'true'],
  ['dont-hold-jobs-in-release-station', 'true', 'true'],
  ['dont-apply-printer-filter-rules', 'true', 'true'],
  ['dont-archive', 'true', 'true'],
  ['auto-release-jobs', 'true', 'true'],
  ['printer-cost-adjustment-rate-percent', '87.5', '87.5'],
  ['overdraft-amount', '12.5', '12.50'],
];
