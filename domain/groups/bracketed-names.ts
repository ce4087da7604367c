/**
 * PaperCut's screens and import files write the built-in groups in brackets (`[All Users]`); its API
 * names them `!!All Users!!`. Scripts copy either spelling, in any case: both name the same group.
 */
const BRACKETED_GROUPS: Readonly<Record<string, string>> = {
  '[all users]': '!!All Users!!',
  '[internal users]': '!!Internal Users!!',
};

export const apiGroupName = (name: string): string => BRACKETED_GROUPS[name.trim().toLowerCase()] ?? name;
