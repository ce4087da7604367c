/**
 * A decoded XML-RPC value, keeping the text of numbers exactly as sent: amounts are parsed from that
 * text into exact money (never through a float), and a digit-only string a Perl client sent as `<int>`
 * keeps its leading zeros.
 */
export type WireValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'int'; readonly text: string }
  | { readonly kind: 'double'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'base64'; readonly bytes: Buffer }
  | { readonly kind: 'datetime'; readonly text: string }
  | { readonly kind: 'nil' }
  | { readonly kind: 'array'; readonly items: readonly WireValue[] }
  | { readonly kind: 'struct'; readonly members: ReadonlyMap<string, WireValue> };

export interface MethodCall {
  readonly methodName: string;
  readonly params: readonly WireValue[];
}

/** The XML-RPC type name of a value, as the product's NoSuchMethodException texts show it. */
export const javaTypeName = (value: WireValue): string => {
  switch (value.kind) {
    case 'string':
      return 'String';
    case 'int':
      return 'Integer';
    case 'double':
      return 'Double';
    case 'boolean':
      return 'Boolean';
    case 'base64':
      return 'byte[]';
    case 'datetime':
      return 'Date';
    case 'nil':
      return 'null';
    case 'array':
      return 'Object[]';
    case 'struct':
      return 'Map';
  }
};
