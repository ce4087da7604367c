import { UniqueKeyKind } from './uniqueness/uniqueness';
import { nameKey } from './names';

/**
 * One stream per consistency boundary. Ids are stable; names are attributes, so a rename keeps
 * every past event on the same stream.
 */
export const userStream = (userId: string): string => `user-${userId}`;
export const groupStream = (groupId: string): string => `group-${groupId}`;
export const sharedAccountStream = (accountId: string): string => `shared-${accountId}`;
export const operationStream = (operationId: string): string => `operation-${operationId}`;
export const printerStream = (printerId: string): string => `printer-${printerId}`;
/** A unique key's id: its kind and its case-folded key. */
export const uniqueKeyId = (kind: UniqueKeyKind, key: string): string => `${kind}-${nameKey(key)}`;
export const claimStream = (keyId: string): string => `unique-${keyId}`;
export const uniqueKeyStream = (kind: UniqueKeyKind, key: string): string =>
  claimStream(uniqueKeyId(kind, key));

export type StreamCategory =
  'user' | 'group' | 'shared' | 'operation' | 'unique' | 'config' | 'printer' | 'card';

export const streamCategory = (stream: string): string => {
  const dash = stream.indexOf('-');
  return dash < 0 ? stream : stream.slice(0, dash);
};
/** Every top-up card batch, on one stream so that a number can never be issued twice. */
export const CARD_BATCHES_STREAM = 'card-batches';
/** One stream per top-up card: its redemption, appended only while the stream does not exist. */
export const cardStream = (cardKey: string): string => `card-${cardKey}`;
/** Which users and groups hold administrator rights. */
export const ADMIN_ACCESS_STREAM = 'admin-access';
