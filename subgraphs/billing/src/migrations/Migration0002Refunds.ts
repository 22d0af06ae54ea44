import { Migration } from '@mikro-orm/migrations';

/**
 * Refunds: status REFUNDED for bills and payments, the bill's refund reason, the payment's
 * refund time and processor reference. The one-success-per-bill index now also counts
 * REFUNDED payments: a bill collects money at most once in its life, even once returned.
 */
export class Migration0002Refunds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "billing"."bill"
      add column "refund_reason" text null,
      drop constraint "bill_status_check",
      add constraint "bill_status_check" check ("status" in ('PENDING', 'PAID', 'FAILED', 'VOID', 'REFUNDED')),
      add constraint "bill_refund_has_reason" check ("status" <> 'REFUNDED' or "refund_reason" is not null)`);
    this.addSql(`alter table "billing"."payment"
      add column "refunded_at" timestamptz null,
      add column "refund_reference" text null,
      drop constraint "payment_status_check",
      add constraint "payment_status_check" check ("status" in ('SUCCEEDED', 'FAILED', 'REFUNDED')),
      add constraint "payment_refund_recorded" check ("status" <> 'REFUNDED' or ("refunded_at" is not null and "refund_reference" is not null))`);
    // Replaces payment_one_success_per_bill (status = 'SUCCEEDED'): refunding updates the row in
    // place, so it stays the bill's one collected payment and no second charge can join it.
    this.addSql(`create unique index "payment_one_collected_per_bill" on "billing"."payment" ("bill_id") where "status" in ('SUCCEEDED', 'REFUNDED')`);
    this.addSql('drop index "billing"."payment_one_success_per_bill"');
  }

  override async down(): Promise<void> {
    this.addSql(`create unique index "payment_one_success_per_bill" on "billing"."payment" ("bill_id") where "status" = 'SUCCEEDED'`);
    this.addSql('drop index "billing"."payment_one_collected_per_bill"');
    this.addSql(`alter table "billing"."payment"
      drop constraint "payment_refund_recorded",
      drop constraint "payment_status_check",
      add constraint "payment_status_check" check ("status" in ('SUCCEEDED', 'FAILED')),
      drop column "refund_reference",
      drop column "refunded_at"`);
    this.addSql(`alter table "billing"."bill"
      drop constraint "bill_refund_has_reason",
      drop constraint "bill_status_check",
      add constraint "bill_status_check" check ("status" in ('PENDING', 'PAID', 'FAILED', 'VOID')),
      drop column "refund_reason"`);
  }
}
