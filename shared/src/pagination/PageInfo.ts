import { Directive, Field, ObjectType } from 'type-graphql';

/** Relay page info; @shareable because every subgraph with a connection declares it. */
@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
