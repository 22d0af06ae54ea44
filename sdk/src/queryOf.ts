import { print, type DocumentNode } from 'graphql';

// The documents are constants: each is printed once.
const printed = new WeakMap<DocumentNode, string>();

/** The query text of a (typed) document, as sent over HTTP and graphql-ws. */
export function queryOf(document: DocumentNode): string {
  let query = printed.get(document);
  if (query === undefined) printed.set(document, (query = print(document)));
  return query;
}
