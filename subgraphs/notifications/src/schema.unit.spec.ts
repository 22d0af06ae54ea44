import { buildNotificationsSchema } from './schema';

describe('buildNotificationsSchema', () => {
  it('publishes the notifications part of the API contract as a federation 2 subgraph', async () => {
    const { sdl } = await buildNotificationsSchema();
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3"');
    expect(sdl).toMatch(/type Notification\s+@key\(fields: "id"\)\s*\{/);
    expect(sdl).toMatch(/type User\s+@key\(fields: "id", resolvable: false\)\s*\{\s*id: ID!\s*\}/);
    expect(sdl).toMatch(/type PageInfo\s+@shareable/);
    for (const field of ['recipient: User!', 'title: String!', 'body: String!', 'priority: Priority!', 'channels: [NotificationChannel!]!', 'eventId: ID!', 'eventType: String!', 'readAt: DateTime\n', 'createdAt: DateTime!']) {
      expect(sdl).toContain(field);
    }
    expect(sdl).toMatch(/myNotifications\((?=[^)]*first: Int = 20)(?=[^)]*after: String)(?=[^)]*unreadOnly: Boolean = false)[^)]*\): NotificationConnection!/);
    expect(sdl).toContain('markNotificationRead(id: ID!): Notification!');
    expect(sdl).toContain('markAllNotificationsRead: Int!');
    expect(sdl).toMatch(/type NotificationConnection\s*\{\s*edges: \[NotificationEdge!\]!\s*pageInfo: PageInfo!\s*\}/);
    expect(sdl).toMatch(/type NotificationEdge\s*\{\s*node: Notification!\s*cursor: String!\s*\}/);
    expect(sdl).toMatch(/enum NotificationChannel \{\s*IN_APP\s*EMAIL\s*PUSH\s*SMS\s*\}/);
    expect(sdl).toMatch(/enum Priority \{\s*NORMAL\s*HIGH\s*CRITICAL\s*\}/);
  });
});
