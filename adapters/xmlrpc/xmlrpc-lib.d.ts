// Local declarations for the parts of the `xmlrpc` package Folio uses as a codec (it ships no types).
declare module 'xmlrpc/lib/deserializer' {
  import { EventEmitter } from 'node:events';

  interface SaxStream extends EventEmitter {
    write(chunk: string): boolean;
    end(): void;
  }

  class Deserializer {
    constructor(encoding?: string);
    type: string | null;
    stack: unknown[];
    marks: number[];
    data: string[];
    value: boolean;
    methodname: string | null;
    error: Error | null;
    callback: ((error: Error | null | undefined, result?: unknown[]) => void) | null;
    parser: SaxStream;
    push(value: unknown): void;
    onOpentag(node: { name: string }): void;
    onClosetag(name: string): void;
    onText(text: string): void;
    onCDATA(text: string): void;
    onDone(): void;
    onError(message: string | Error): void;
    deserializeMethodResponse(
      stream: NodeJS.ReadableStream,
      callback: (
        error: (Error & { faultCode?: number; faultString?: string }) | null | undefined,
        value?: unknown,
      ) => void,
    ): void;
  }
  export = Deserializer;
}

declare module 'xmlrpc/lib/customtype' {
  class CustomType {
    constructor(raw: string);
    raw: string;
    tagName: string;
    serialize(xml: unknown): unknown;
  }
  export = CustomType;
}

declare module 'xmlrpc/lib/serializer' {
  export function serializeMethodResponse(value: unknown): string;
  export function serializeFault(fault: { faultCode: number; faultString: unknown }): string;
  export function serializeMethodCall(method: string, params: unknown[], encoding?: string): string;
}
