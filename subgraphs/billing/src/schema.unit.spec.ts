import { buildBillingSchema } from './schema';

describe('buildBillingSchema', () => {
  it('publishes the billing part of the API contract as a federation 2 subgraph', async () => {
    const { sdl } = await buildBillingSchema();
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.3"');
    expect(sdl).toMatch(/type Bill\s+@key\(fields: "id"\)\s*\{/);
    expect(sdl).toMatch(/type Appointment\s+@key\(fields: "id"\)\s*\{\s*id: ID!\s*bill: Bill\s*\}/);
    expect(sdl).toMatch(/type CareCircle\s+@key\(fields: "id", resolvable: false\)\s*\{\s*id: ID!\s*\}/);
    expect(sdl).toContain('bill(id: ID!): Bill\n');
    expect(sdl).toContain('payBill(input: PayBillInput!): Payment!');
    for (const field of ['careCircle: CareCircle!', 'appointment: Appointment\n', 'amountCents: Int!', 'currency: String!', 'status: BillStatus!', 'payments: [Payment!]!']) {
      expect(sdl).toContain(field);
    }
    expect(sdl).toMatch(/type Payment \{[^}]*bill: Bill![^}]*\}/);
    expect(sdl).toMatch(/type Payment \{[^}]*failureReason: String\n[^}]*\}/);
    expect(sdl).not.toContain('paymentMethod: String\n');
    expect(sdl).toMatch(/input PayBillInput \{\s*billId: ID!\s*paymentMethod: String!\s*\}/);
    expect(sdl).toMatch(/enum BillStatus \{\s*PENDING\s*PAID\s*FAILED\s*VOID\s*REFUNDED\s*\}/);
    expect(sdl).toMatch(/enum PaymentStatus \{\s*SUCCEEDED\s*FAILED\s*REFUNDED\s*\}/);
    expect(sdl).toMatch(/type Bill\s+@key\(fields: "id"\)\s*\{[^}]*refundReason: String\n[^}]*\}/);
    expect(sdl).toMatch(/type Payment \{[^}]*refundedAt: DateTime\n[^}]*\}/);
    for (const hidden of ['voidReason', 'processorReference', 'refundReference']) expect(sdl).not.toContain(hidden);
  });
});
