import { SUB_ACCOUNT_SEPARATOR } from './state';

/**
 * The account a name addresses. PaperCut's scripts build `parent + "\\" + sub` for every row of an
 * account list, sub empty for a top-level account, so `Marketing\` names the parent `Marketing`, and
 * PaperCut accepts it wherever it takes a shared-account name. Only one trailing separator after a
 * parent name is dropped: `a\b\` is not a name PaperCut builds, and stays as given (and unknown).
 */
export const addressedSharedAccountName = (name: string): string =>
  name.length > 1 && name.indexOf(SUB_ACCOUNT_SEPARATOR) === name.length - 1 ? name.slice(0, -1) : name;
