/** `1 cause`, `2 causes`: a count with its noun in the right number. */
export const plural = (count: number, one: string, many: string = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;
