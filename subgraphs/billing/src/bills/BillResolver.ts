import { NotFoundError, parseId, requireUser } from '@caregraph/shared';
import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Appointment } from '../appointments/Appointment';
import type { BillingContext } from '../common/BillingContext';
import { Payment } from '../payments/Payment.entity';
import { CareCircle } from '../references/CareCircle';
import { Bill } from './Bill.entity';

@Resolver(() => Bill)
export class BillResolver {
  /** Members of the bill's circle only: NOT_FOUND for an unknown id, FORBIDDEN for outsiders. */
  @Query(() => Bill, { nullable: true })
  async bill(@Arg('id', () => ID) id: string, @Ctx() ctx: BillingContext): Promise<Bill> {
    requireUser(ctx);
    const billId = parseId(id, 'id');
    const bill = await ctx.loaders.bill.load(billId);
    if (!bill) throw new NotFoundError('Bill', billId);
    await ctx.circles.require(bill.careCircleId);
    return bill;
  }

  @FieldResolver(() => CareCircle)
  careCircle(@Root() bill: Bill): CareCircle {
    return { id: bill.careCircleId };
  }

  /** A stub `{ id }`: care resolves the appointment's own fields through the gateway. */
  @FieldResolver(() => Appointment, { nullable: true })
  appointment(@Root() bill: Bill): Appointment | null {
    return bill.appointmentId ? { id: bill.appointmentId } : null;
  }

  /** Oldest first. */
  @FieldResolver(() => [Payment])
  payments(@Root() bill: Bill, @Ctx() ctx: BillingContext): Promise<Payment[]> {
    return ctx.loaders.paymentsByBill.load(bill.id);
  }
}
