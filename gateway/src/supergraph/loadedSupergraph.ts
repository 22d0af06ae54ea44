import { Supergraph } from '@apollo/federation-internals';
import type { GraphQLSchema } from 'graphql';

/** What the gateway's config is checked against in a supergraph. */
export interface LoadedSupergraph {
  /** The API schema clients see. */
  apiSchema: GraphQLSchema;
  /** The names of its subgraphs (join__Graph). */
  subgraphNames: string[];
}

/** Reads a supergraph SDL; throws when it is no valid supergraph. */
export function loadedSupergraph(supergraphSdl: string): LoadedSupergraph {
  const supergraph = Supergraph.build(supergraphSdl);
  return { apiSchema: supergraph.apiSchema().toGraphQLJSSchema(), subgraphNames: [...supergraph.subgraphs().names()] };
}
