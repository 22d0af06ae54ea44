import { Migration } from '@mikro-orm/migrations';
import { outboxTableSql } from '@caregraph/shared';

/** bills, payments and the billing outbox. */
export class Migration0001Initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of outboxTableSql('billing')) this.addSql(statement);
    this.addSql(`create table "billing"."bill" (
      "id" uuid primary key,
      "care_circle_id" uuid not null,
      "appointment_id" uuid null unique,
      "amount_cents" int not null check ("amount_cents" >= 0),
      "currency" text not null default 'USD' check ("currency" ~ '^[A-Z]{3}$'),
      "status" text not null default 'PENDING' check ("status" in ('PENDING', 'PAID', 'FAILED', 'VOID')),
      "void_reason" text null,
      "created_at" timestamptz not null default now(),
      "version" int not null default 1
    )`);
    this.addSql(`create index "bill_care_circle_id_index" on "billing"."bill" ("care_circle_id")`);
    this.addSql(`create table "billing"."payment" (
      "id" uuid primary key,
      "bill_id" uuid not null references "billing"."bill" ("id"),
      "amount_cents" int not null check ("amount_cents" >= 0),
      "currency" text not null,
      "status" text not null check ("status" in ('SUCCEEDED', 'FAILED')),
      "failure_reason" text null,
      "payment_method" text not null,
      "processor_reference" text null,
      "created_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "payment_bill_id_created_at_index" on "billing"."payment" ("bill_id", "created_at")`);
    // At most one successful payment per bill, whatever happens above the database.
    this.addSql(`create unique index "payment_one_success_per_bill" on "billing"."payment" ("bill_id") where "status" = 'SUCCEEDED'`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "billing"."payment"');
    this.addSql('drop table if exists "billing"."bill"');
    this.addSql('drop table if exists "billing"."outbox"');
    this.addSql('drop function if exists "billing"."outbox_notify"()');
  }
}
