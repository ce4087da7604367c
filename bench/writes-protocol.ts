/** What `npm run bench:writes` and its server children say to each other over IPC. */
export type ParentRequest = { readonly kind: 'statistics' } | { readonly kind: 'stop' };

export type ChildReport =
  | { readonly kind: 'ready'; readonly port: number }
  | {
      readonly kind: 'statistics';
      /** Durable transactions (fsyncs) so far, and the writes and events they carried. */
      readonly commits: number;
      readonly appends: number;
      readonly events: number;
      /** Appends refused (a decision that lost a race for its revision and is decided again). */
      readonly refused: number;
    };
