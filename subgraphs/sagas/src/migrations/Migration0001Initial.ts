import { Migration } from '@mikro-orm/migrations';
import { outboxTableSql } from '@caregraph/shared';

/** Booking saga state and the sagas outbox (the orchestrator's commands and events go out through it). */
export class Migration0001Initial extends Migration {
  override async up(): Promise<void> {
    for (const statement of outboxTableSql('sagas')) this.addSql(statement);
    this.addSql(`create table "sagas"."booking_saga" (
      "id" uuid primary key,
      "appointment_id" uuid not null unique,
      "care_circle_id" uuid not null,
      "status" text not null check ("status" in ('RUNNING', 'COMPLETED', 'COMPENSATING', 'COMPENSATED', 'FAILED')),
      "step" text not null,
      "deadline" timestamptz null,
      "bill_id" uuid null,
      "history" jsonb not null default '[]',
      "version" int not null default 1,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    )`);
    this.addSql(`create index "booking_saga_due_index" on "sagas"."booking_saga" ("deadline") where "status" = 'RUNNING'`);
  }
}
