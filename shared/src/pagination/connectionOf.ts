import { Field, ObjectType, type ClassType } from 'type-graphql';
import { PageInfo } from './PageInfo';

/** The fields of a Relay connection of one node type. */
export interface Connection<TNode> {
  edges: { node: TNode; cursor: string }[];
  pageInfo: PageInfo;
}

/**
 * The base of a Relay connection type: `edges: [<name>Edge!]!` (declaring `<name>Edge { node,
 * cursor }`) and `pageInfo: PageInfo!`, so every subgraph's connections have one shape. Extend it
 * in a class decorated with `@ObjectType()`, named `<name>Connection`, whose JSDoc says the order:
 * `@ObjectType() export class AppointmentConnection extends connectionOf(Appointment, 'Appointment') {}`.
 */
export function connectionOf<TNode extends object>(node: ClassType<TNode>, name: string): ClassType<Connection<TNode>> {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => node)
    node!: TNode;

    @Field()
    cursor!: string;
  }

  // Never named in a resolver, so type-graphql does not emit it; only the subclasses appear.
  @ObjectType()
  class ConnectionBase {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionBase as ClassType<Connection<TNode>>;
}
