/** Groups every site has, computed from the users; they cannot be created, removed or joined by hand. */
export const ALL_USERS_GROUP = '!!All Users!!';
export const INTERNAL_USERS_GROUP = '!!Internal Users!!';
export const RESERVED_GROUPS = [ALL_USERS_GROUP, INTERNAL_USERS_GROUP] as const;

/**
 * PaperCut's screens and import files write the built-in groups in brackets (`[All Users]`); its API
 * names them `!!All Users!!`. Scripts copy either spelling, in any case: both name the same group.
 */
export const BRACKETED_SPELLINGS: Readonly<Record<string, string>> = {
  '[All Users]': ALL_USERS_GROUP,
  '[Internal Users]': INTERNAL_USERS_GROUP,
};
