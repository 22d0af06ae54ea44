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
