import { Either, left, right } from 'fp-ts/Either';

/** The longest job-details string accepted, in UTF-16 code units. */
export const MAX_JOB_DETAILS_LENGTH = 65_536;
/** The most pairs one job may carry. */
export const MAX_PAIRS = 200;

const isBlank = (char: string | undefined): boolean => char === ' ' || char === '\t';

/**
 * Splits job details into their comma-separated pairs with CSV quoting: a pair wrapped in double quotes
 * may hold commas, and a doubled quote inside it stands for one quote. Blanks around a quoted pair are
 * ignored. A quote inside an unquoted pair is taken literally (the relaxation most CSV readers make).
 * Malformed input — an unterminated quote, text after a closing quote — is a problem naming the place.
 */
export const splitCsvPairs = (text: string): Either<string, readonly string[]> => {
  if (text.length > MAX_JOB_DETAILS_LENGTH)
    return left(`they are longer than ${MAX_JOB_DETAILS_LENGTH} characters`);
  const pairs: string[] = [];
  let index = 0;
  for (;;) {
    while (isBlank(text[index])) index += 1;
    if (text[index] === '"') {
      const opened = index;
      let pair = '';
      index += 1;
      for (;;) {
        const quote = text.indexOf('"', index);
        if (quote < 0) return left(`the quote opened at character ${opened + 1} is never closed`);
        pair += text.slice(index, quote);
        if (text[quote + 1] === '"') {
          pair += '"';
          index = quote + 2;
          continue;
        }
        index = quote + 1;
        break;
      }
      while (isBlank(text[index])) index += 1;
      if (index < text.length && text[index] !== ',')
        return left(`unexpected text after the quoted pair that ends at character ${index}`);
      pairs.push(pair);
    } else {
      const comma = text.indexOf(',', index);
      const end = comma < 0 ? text.length : comma;
      pairs.push(text.slice(index, end));
      index = end;
    }
    if (pairs.length > MAX_PAIRS) return left(`they hold more than ${MAX_PAIRS} pairs`);
    if (index >= text.length) return right(pairs);
    index += 1; // the comma
  }
};
