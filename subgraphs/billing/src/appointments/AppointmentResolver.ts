import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Bill } from '../bills/Bill.entity';
import type { BillingContext } from '../common/BillingContext';
import { Appointment } from './Appointment';

@Resolver(() => Appointment)
export class AppointmentResolver {
  /**
   * The appointment's bill, batched by appointment id; null when it has none (yet).
   * Members of the bill's circle only (UNAUTHENTICATED / FORBIDDEN otherwise).
   */
  @FieldResolver(() => Bill, { nullable: true })
  async bill(@Root() appointment: Appointment, @Ctx() ctx: BillingContext): Promise<Bill | null> {
    const bill = await ctx.loaders.billByAppointment.load(appointment.id);
    if (!bill) return null;
    await ctx.circles.require(bill.careCircleId);
    return bill;
  }
}
