import { BRACKETED_SPELLINGS } from '../built-in-groups';
import { nameKey } from '../names';

const BRACKETED_GROUPS: ReadonlyMap<string, string> = new Map(
  Object.entries(BRACKETED_SPELLINGS).map(([bracketed, apiName]) => [nameKey(bracketed), apiName]),
);

/** The API's name of a built-in group written in brackets (`[All Users]` in any case); any other name as given. */
export const apiGroupName = (name: string): string => BRACKETED_GROUPS.get(nameKey(name.trim())) ?? name;
