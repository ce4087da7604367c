import { nameKey } from '../domain/names';
import { createMultiIndex } from './multi-index';

/**
 * An index from a name's key (`nameKey`) to the entity that holds it. New names are unique by key,
 * but a log written before the key became NFKC plus case folding may hold two names that are now one
 * (`straße` and `strasse`): both stay, and a lookup finds the one spelled exactly as asked (after NFC
 * and lower case), or else the one whose spelling sorts first (then by id), the same after every
 * replay and snapshot restore.
 */
export const createNameIndex = (spellingOf: (id: string) => string | undefined) => {
  const ids = createMultiIndex();
  const spelling = (name: string): string => name.normalize('NFC').toLowerCase();
  return {
    add: (name: string, id: string): void => ids.add(nameKey(name), id),
    remove: (name: string, id: string): void => ids.remove(nameKey(name), id),
    find: (name: string): string | undefined => {
      const holders = ids
        .get(nameKey(name))
        .flatMap((id) => {
          const spelled = spellingOf(id);
          return spelled === undefined ? [] : [{ id, spelled: spelling(spelled) }];
        })
        .sort((a, b) => (a.spelled === b.spelled ? (a.id < b.id ? -1 : 1) : a.spelled < b.spelled ? -1 : 1));
      const wanted = spelling(name);
      return (holders.find((holder) => holder.spelled === wanted) ?? holders[0])?.id;
    },
    clear: (): void => ids.clear(),
  };
};
