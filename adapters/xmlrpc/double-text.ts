import CustomType from 'xmlrpc/lib/customtype';

/**
 * A `<double>` written from decimal text as given, never through a binary float: an amount keeps
 * every digit it was written with (0.1 stays 0.1, 5 goes as `<double>5</double>` and not `<int>`).
 */
export class DoubleText extends CustomType {}
DoubleText.prototype.tagName = 'double';
