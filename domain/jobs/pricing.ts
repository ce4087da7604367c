import { Either, left, right } from 'fp-ts/Either';
import { DomainError } from '../errors';
import { maxMoney, Money, parseMoney, ZERO } from '../money';
import { printerDisplayName } from '../printers/names';
import { Printer } from '../printers/state';

/** What pricing needs to know about a job. */
export interface PagesPrinted {
  readonly totalPages: number;
  readonly colorPages: number;
  readonly copies: number;
  readonly duplex: boolean;
}

/**
 * The SIMPLE model: every page costs `costPerPage`, less `grayscaleDiscount` when it is a grayscale
 * page, less `duplexDiscount` when the job is duplex; a page never costs less than zero. The job costs
 * that for every page of every copy. Other models are stored but not priced: such a job must carry
 * its own cost.
 */
export const priceJob = (printer: Printer, job: PagesPrinted): Either<DomainError, Money> => {
  if (printer.costModel !== 'SIMPLE')
    return left({ code: 'JobNotPriceable', printer: printerDisplayName(printer), model: printer.costModel });
  const { costPerPage, grayscaleDiscount, duplexDiscount } = printer.simple;
  const duplexOff = job.duplex ? duplexDiscount : ZERO;
  const colorPage = maxMoney(ZERO, costPerPage - duplexOff);
  const grayscalePage = maxMoney(ZERO, costPerPage - grayscaleDiscount - duplexOff);
  const grayscalePages = BigInt(job.totalPages - job.colorPages);
  const perCopy = BigInt(job.colorPages) * colorPage + grayscalePages * grayscalePage;
  return right(perCopy * BigInt(job.copies));
};

const HUNDRED_PERCENT_MICROS = 100n * 1_000_000n;

/**
 * A user's `printer-cost-adjustment-rate-percent` applied to a price Folio computed (100 = unchanged,
 * 50 = half price), rounded half to even at the sixth decimal place like every amount.
 */
export const adjustCost = (cost: Money, percent: string): Money => {
  const parsed = parseMoney(percent);
  const rate = parsed._tag === 'Right' && parsed.right >= ZERO ? parsed.right : HUNDRED_PERCENT_MICROS;
  const numerator = cost * rate;
  const quotient = numerator / HUNDRED_PERCENT_MICROS;
  const twiceRemainder = (numerator % HUNDRED_PERCENT_MICROS) * 2n;
  if (twiceRemainder > HUNDRED_PERCENT_MICROS) return quotient + 1n;
  if (twiceRemainder < HUNDRED_PERCENT_MICROS) return quotient;
  return quotient % 2n === 0n ? quotient : quotient + 1n;
};
