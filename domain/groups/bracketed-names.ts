import { nameKey } from '../names';

/**
 * PaperCut's screens and import files write the built-in groups in brackets (`[All Users]`); its API
 * names them `!!All Users!!`. Scripts copy either spelling, in any case: both name the same group.
 */
const BRACKETED_GROUPS: ReadonlyMap<string, string> = new Map([
  [nameKey('[All Users]'), '!!All Users!!'],
  [nameKey('[Internal Users]'), '!!Internal Users!!'],
]);

export const apiGroupName = (name: string): string => BRACKETED_GROUPS.get(nameKey(name.trim())) ?? name;
