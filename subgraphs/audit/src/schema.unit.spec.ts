import type { GraphQLObjectType } from 'graphql';
import { buildAuditSchema } from './schema';

describe('buildAuditSchema', () => {
  it('publishes the audit part of the API contract as a federation 2 subgraph', async () => {
    const { sdl } = await buildAuditSchema();
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3"');
    expect(sdl).toContain('auditLog(after: String, first: Int = 50, filter: AuditFilter!): AuditConnection!');
    expect(sdl).toMatch(/type User\s+@key\(fields: "id", resolvable: false\)\s*\{\s*id: ID!\s*\}/);
    expect(sdl).toMatch(/type AuditConnection \{\s*edges: \[AuditEdge!\]!\s*pageInfo: PageInfo!\s*\}/);
    expect(sdl).toMatch(/type AuditEdge \{\s*node: AuditEntry!\s*cursor: String!\s*\}/);
    expect(sdl).toMatch(/type PageInfo\s+@shareable\s*\{/);
    for (const field of ['id: ID!', 'type: String!', 'source: String!', 'subject: String\n', 'aggregateType: String!', 'careCircleId: ID\n',
      'actor: User\n', 'correlationId: String\n', 'occurredAt: DateTime!', 'data: JSON!']) {
      expect(sdl).toContain(`  ${field}`);
    }
    expect(sdl).toMatch(
      /input AuditFilter \{\s*careCircleId: ID!\s*aggregateId: ID\s*types: \[String!\]\s*since: DateTime\s*until: DateTime\s*\}/,
    );
  });
});

describe('careCircleEventLog in the audit schema', () => {
  it('takes careCircleId: ID!, after: String, first: Int = 50 and returns DomainEventConnection!', async () => {
    const { schema, sdl } = await buildAuditSchema();
    const field = schema.getQueryType()!.getFields().careCircleEventLog;
    expect(String(field.type)).toBe('DomainEventConnection!');
    const args = Object.fromEntries(field.args.map((arg) => [arg.name, [String(arg.type), arg.defaultValue]]));
    expect(args).toEqual({ careCircleId: ['ID!', undefined], after: ['String', undefined], first: ['Int', 50] });

    expect(sdl).toMatch(/type DomainEventConnection \{\s*edges: \[DomainEventEdge!\]!\s*pageInfo: PageInfo!\s*\}/);
    expect(sdl).toMatch(/type DomainEventEdge \{\s*node: DomainEvent!\s*cursor: String!\s*\}/);
    expect(sdl).toMatch(/type DomainEvent\s+@shareable\s*\{/);
    const domainEvent = schema.getType('DomainEvent') as GraphQLObjectType;
    const fields = Object.fromEntries(Object.values(domainEvent.getFields()).map((each) => [each.name, String(each.type)]));
    expect(fields).toEqual({
      id: 'ID!',
      type: 'String!',
      occurredAt: 'DateTime!',
      careCircleId: 'ID!',
      subject: 'String',
      actor: 'User',
      actorId: 'ID',
      data: 'JSON!',
      sequence: 'Int!',
      cursor: 'String!',
    });
  });
});
